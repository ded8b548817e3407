using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Storage;

namespace Cartoon.Integration.Tests.Storage;

/// <summary>One fresh, random bucket per test class on the real S3 server; emptied and removed afterwards.</summary>
public sealed class S3BucketFixture : IAsyncLifetime
{
    private S3BlobStore? _store;

    public ServicesFixture Services { get; } = ServicesFixture.Instance;

    public string Bucket { get; } = ServicesFixture.NewBucketName("s3");

    /// <summary>The store on the class's bucket, ready; fails with how-to-run when no S3 is configured.</summary>
    public S3BlobStore Store
    {
        get
        {
            Services.RequireS3();
            return _store ?? throw new InvalidOperationException("The S3 store was not initialized.");
        }
    }

    public async Task InitializeAsync()
    {
        if (Services.S3Endpoint is null)
        {
            return; // each test fails with the how-to-run message
        }

        _store = Services.CreateS3Store(Bucket);
        await _store.EnsureReadyAsync();
    }

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        await S3Admin.DeleteBucketAsync(Services, Bucket);
    }
}
