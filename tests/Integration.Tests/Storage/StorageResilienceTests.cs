using Cartoon.Storage;
using Minio.Exceptions;

namespace Cartoon.Integration.Tests.Storage;

public sealed class StorageResilienceTests
{
    [Fact]
    public void A_null_reference_thrown_by_the_sdk_is_retried_and_one_from_anywhere_else_is_not()
    {
        // The MinIO SDK's response parser throws NullReferenceException on an empty or cut answer (s3rver under load
        // answered a status poll's 404 that way and the gateway returned 500).
        Assert.True(StorageResilience.IsTransient(new NullReferenceException { Source = "Minio" }, CancellationToken.None));
        Assert.True(StorageResilience.IsTransient(new InvalidOperationException("wrapped", new NullReferenceException { Source = "Minio" }),
            CancellationToken.None));
        Assert.False(StorageResilience.IsTransient(new NullReferenceException { Source = "Cartoon.Storage" }, CancellationToken.None));
        Assert.False(StorageResilience.IsTransient(new ObjectNotFoundException("missing"), CancellationToken.None));
    }
}
