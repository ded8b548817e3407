using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Cartoon.Storage;

/// <summary>
/// Configuration section <c>Storage</c>. Example (distributed mode, MinIO):
/// <code>
/// "Storage": { "Provider": "S3", "S3Endpoint": "minio:9000", "S3AccessKey": "...", "S3SecretKey": "...",
///              "Bucket": "cartoon", "Retention": "1.00:00:00" }
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

    /// <summary>How long a finished job (state, inputs, results) is kept after it completed (the gateway's JobRetentionSweeper).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Period of the gateway's retention sweep; <see cref="TimeSpan.Zero"/> disables it.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    internal bool IsS3 => string.Equals(Provider, StorageProviders.S3, StringComparison.OrdinalIgnoreCase);
}

public static class StorageProviders
{
    public const string FileSystem = "FileSystem";
    public const string S3 = "S3";
}

/// <summary>Checked at start (ValidateOnStart): every message names the setting to fix.</summary>
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var s = StorageOptions.SectionName;

        var isS3 = options.IsS3;
        var isFs = string.Equals(options.Provider, StorageProviders.FileSystem, StringComparison.OrdinalIgnoreCase);
        if (!isS3 && !isFs)
        {
            errors.Add($"{s}:Provider '{options.Provider}' is not supported: use '{StorageProviders.FileSystem}' or '{StorageProviders.S3}'.");
        }

        if (isFs && string.IsNullOrWhiteSpace(options.Root))
        {
            errors.Add($"{s}:Root is required when {s}:Provider is {StorageProviders.FileSystem} (a folder, e.g. 'data/blobs').");
        }

        if (isS3)
        {
            if (string.IsNullOrWhiteSpace(options.S3Endpoint))
            {
                errors.Add($"{s}:S3Endpoint is required when {s}:Provider is S3 (host:port, e.g. 'minio:9000').");
            }
            else if (options.S3Endpoint.Contains("://", StringComparison.Ordinal) || options.S3Endpoint.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{s}:S3Endpoint '{options.S3Endpoint}' must be host:port without scheme or path (set {s}:S3UseSsl=true for https).");
            }

            if (options.S3PublicEndpoint is { Length: > 0 } pub
                && (pub.Contains("://", StringComparison.Ordinal) || pub.Contains('/', StringComparison.Ordinal)))
            {
                errors.Add($"{s}:S3PublicEndpoint '{pub}' must be host:port without scheme or path (set {s}:S3PublicUseSsl=true for https).");
            }

            if (string.IsNullOrWhiteSpace(options.S3AccessKey))
            {
                errors.Add($"{s}:S3AccessKey is required when {s}:Provider is S3.");
            }

            if (string.IsNullOrWhiteSpace(options.S3SecretKey))
            {
                errors.Add($"{s}:S3SecretKey is required when {s}:Provider is S3.");
            }

            if (string.IsNullOrWhiteSpace(options.Bucket) || !BucketName().IsMatch(options.Bucket))
            {
                errors.Add($"{s}:Bucket '{options.Bucket}' is not a valid S3 bucket name (3-63 characters: lowercase letters, digits, '.', '-').");
            }

            if (string.IsNullOrWhiteSpace(options.S3Region))
            {
                errors.Add($"{s}:S3Region is required when {s}:Provider is S3 (e.g. 'us-east-1').");
            }

            if (options.S3RequestTimeout <= TimeSpan.Zero || options.S3RequestTimeout > TimeSpan.FromMinutes(30))
            {
                errors.Add($"{s}:S3RequestTimeout must be between 1 ms and 30 minutes, got {options.S3RequestTimeout}.");
            }
        }

        if (options.PresignExpiry <= TimeSpan.Zero || options.PresignExpiry > TimeSpan.FromDays(7))
        {
            errors.Add($"{s}:PresignExpiry must be between 1 second and 7 days (S3's limit), got {options.PresignExpiry}.");
        }

        if (options.Retention <= TimeSpan.Zero)
        {
            errors.Add($"{s}:Retention must be positive, got {options.Retention}.");
        }

        if (options.SweepInterval < TimeSpan.Zero)
        {
            errors.Add($"{s}:SweepInterval must be zero (disabled) or positive, got {options.SweepInterval}.");
        }

        if (options.RetryCount is < 0 or > 10)
        {
            errors.Add($"{s}:RetryCount must be between 0 and 10, got {options.RetryCount}.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            errors.Add($"{s}:RetryBaseDelay must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
