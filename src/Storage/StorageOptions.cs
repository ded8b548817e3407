namespace Cartoon.Storage;

/// <summary>
/// Configuration section <c>Storage</c>. Example (distributed mode, MinIO):
/// <code>
/// "Storage": { "Provider": "S3", "S3Endpoint": "minio:9000", "S3AccessKey": "...", "S3SecretKey": "...",
///              "Bucket": "cartoon" }
/// </code>
/// Environment variables use the usual double underscore: <c>Storage__Provider=S3</c>.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><see cref="StorageProviders.FileSystem"/> (default, embedded mode) or <see cref="StorageProviders.S3"/>.</summary>
    public string Provider { get; set; } = StorageProviders.FileSystem;

    /// <summary>File system root; a relative path is taken from the host's content root (else the current directory).</summary>
    public string Root { get; set; } = "data/blobs";

    /// <summary>S3 endpoint as <c>host:port</c> (no scheme: <see cref="S3UseSsl"/> picks https).</summary>
    public string? S3Endpoint { get; set; }

    public string? S3AccessKey { get; set; }

    public string? S3SecretKey { get; set; }

    public bool S3UseSsl { get; set; }

    public string Bucket { get; set; } = "cartoon";

    /// <summary>
    /// Optional host:port that clients outside the cluster use to reach S3; presigned URLs are signed for it
    /// (the signature covers the host). Unset: <see cref="S3Endpoint"/>.
    /// </summary>
    public string? S3PublicEndpoint { get; set; }

    /// <summary>https for <see cref="S3PublicEndpoint"/>; unset: <see cref="S3UseSsl"/>.</summary>
    public bool? S3PublicUseSsl { get; set; }

    /// <summary>Set explicitly so the client never asks the server for the bucket location.</summary>
    public string S3Region { get; set; } = "us-east-1";

    /// <summary>Timeout of one S3 request (each retry gets its own).</summary>
    public TimeSpan S3RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one storage call on transient failures (connection refused/reset, timeouts, 5xx).</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>First retry delay; later ones double (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Lifetime of presigned download URLs.</summary>
    public TimeSpan PresignExpiry { get; set; } = TimeSpan.FromMinutes(15);

    internal bool IsS3 => string.Equals(Provider, StorageProviders.S3, StringComparison.OrdinalIgnoreCase);
}

