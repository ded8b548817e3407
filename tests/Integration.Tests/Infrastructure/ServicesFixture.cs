using Cartoon.Storage;
using Microsoft.Extensions.Options;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>
/// The addresses of the real services the integration tests use, read from the environment that
/// <c>./scripts/test.sh</c> sets (from <c>.local/services.env</c>, written by <c>scripts/services.sh start</c>).
/// A test that needs a service and does not find its variable fails with a message saying so: these tests
/// never skip silently. RabbitMQ has its own selection (<see cref="RabbitMqEndpoint"/>).
/// </summary>
public sealed class ServicesFixture
{
    public const string HowToRun =
        "Run the tests through ./scripts/test.sh: it starts RabbitMQ and s3rver on 127.0.0.1 and sets the CARTOON_TEST_* variables. " +
        "To use dotnet test directly: scripts/services.sh start && source .local/services.env.";

    public string? S3Endpoint { get; } = StackServices.Read(StackServices.S3Variable);

    public string S3AccessKey { get; } = StackServices.Read(StackServices.S3AccessKeyVariable) ?? StackServices.DefaultS3Key;

    public string S3SecretKey { get; } = StackServices.Read(StackServices.S3SecretKeyVariable) ?? StackServices.DefaultS3Key;

    public static ServicesFixture Instance { get; } = new();

    /// <summary>The S3 endpoint (host:port), or an exception that tells how to provide it.</summary>
    public string RequireS3() =>
        S3Endpoint ?? throw new InvalidOperationException($"{StackServices.S3Variable} is not set, so there is no S3 server for the integration tests. {HowToRun}");

    /// <summary>The configuration that puts a host on the S3 server, in <paramref name="bucket"/> (<see cref="StackSettings.S3"/>).</summary>
    public Dictionary<string, string?> S3Settings(string bucket) => StackSettings.S3(RequireS3(), S3AccessKey, S3SecretKey, bucket);

    public StorageOptions S3Options(string bucket, Action<StorageOptions>? configure = null)
    {
        var options = new StorageOptions
        {
            Provider = StorageProviders.S3,
            S3Endpoint = RequireS3(),
            S3AccessKey = S3AccessKey,
            S3SecretKey = S3SecretKey,
            Bucket = bucket,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return options;
    }

    public S3BlobStore CreateS3Store(string bucket, Action<StorageOptions>? configure = null) =>
        new(Options.Create(S3Options(bucket, configure)));

    /// <summary>A fresh bucket name per test class, so runs never see each other's objects.</summary>
    public static string NewBucketName(string purpose)
    {
        var name = $"it-{purpose}-{Guid.NewGuid():N}";
        return name.Length > 63 ? name[..63] : name;
    }
}
