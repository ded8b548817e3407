using System.Text.RegularExpressions;
using Cartoon.OptionsValidation;

namespace Cartoon.Storage;

/// <summary>Checked at start (ValidateOnStart): every message names the setting to fix.</summary>
public sealed partial class StorageOptionsValidator : OptionsValidator<StorageOptions>
{
    protected override IEnumerable<string> Failures(StorageOptions options)
    {
        var s = StorageOptions.SectionName;

        var isS3 = options.IsS3;
        var isFs = string.Equals(options.Provider, StorageProviders.FileSystem, StringComparison.OrdinalIgnoreCase);
        if (!isS3 && !isFs)
        {
            yield return $"{s}:Provider '{options.Provider}' is not supported: use '{StorageProviders.FileSystem}' or '{StorageProviders.S3}'.";
        }

        if (isFs && string.IsNullOrWhiteSpace(options.Root))
        {
            yield return $"{s}:Root is required when {s}:Provider is {StorageProviders.FileSystem} (a folder, e.g. 'data/blobs').";
        }

        if (isS3)
        {
            if (string.IsNullOrWhiteSpace(options.S3Endpoint))
            {
                yield return $"{s}:S3Endpoint is required when {s}:Provider is S3 (host:port, e.g. 'minio:9000').";
            }
            else if (options.S3Endpoint.Contains("://", StringComparison.Ordinal) || options.S3Endpoint.Contains('/', StringComparison.Ordinal))
            {
                yield return $"{s}:S3Endpoint '{options.S3Endpoint}' must be host:port without scheme or path (set {s}:S3UseSsl=true for https).";
            }

            if (options.S3PublicEndpoint is { Length: > 0 } pub
                && (pub.Contains("://", StringComparison.Ordinal) || pub.Contains('/', StringComparison.Ordinal)))
            {
                yield return $"{s}:S3PublicEndpoint '{pub}' must be host:port without scheme or path (set {s}:S3PublicUseSsl=true for https).";
            }

            if (string.IsNullOrWhiteSpace(options.S3AccessKey))
            {
                yield return $"{s}:S3AccessKey is required when {s}:Provider is S3.";
            }

            if (string.IsNullOrWhiteSpace(options.S3SecretKey))
            {
                yield return $"{s}:S3SecretKey is required when {s}:Provider is S3.";
            }

            if (string.IsNullOrWhiteSpace(options.Bucket) || !BucketName().IsMatch(options.Bucket))
            {
                yield return $"{s}:Bucket '{options.Bucket}' is not a valid S3 bucket name (3-63 characters: lowercase letters, digits, '.', '-').";
            }

            if (string.IsNullOrWhiteSpace(options.S3Region))
            {
                yield return $"{s}:S3Region is required when {s}:Provider is S3 (e.g. 'us-east-1').";
            }

            if (options.S3RequestTimeout <= TimeSpan.Zero || options.S3RequestTimeout > TimeSpan.FromMinutes(30))
            {
                yield return $"{s}:S3RequestTimeout must be between 1 ms and 30 minutes, got {options.S3RequestTimeout}.";
            }
        }

        if (options.PresignExpiry <= TimeSpan.Zero || options.PresignExpiry > TimeSpan.FromDays(7))
        {
            yield return $"{s}:PresignExpiry must be between 1 second and 7 days (S3's limit), got {options.PresignExpiry}.";
        }

        if (options.RetryCount is < 0 or > 10)
        {
            yield return $"{s}:RetryCount must be between 0 and 10, got {options.RetryCount}.";
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            yield return $"{s}:RetryBaseDelay must not be negative.";
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
