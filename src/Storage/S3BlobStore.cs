using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel;
using Minio.DataModel.Args;
using Minio.Exceptions;
using Polly;

namespace Cartoon.Storage;

/// <summary>
/// S3-compatible store (MinIO in production, s3rver in tests) through the MinIO .NET SDK 7.0.
/// Every call runs in a retry pipeline (transient failures only, exponential backoff with jitter); what is
/// still failing transiently after the retries surfaces as <see cref="StorageUnavailableException"/>.
/// A stream upload is retried only when the stream can seek back to where it started.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IBlobStoreProbe, IDisposable
{
    private const string DefaultContentType = "application/octet-stream";
    private const string Provider = "s3";

    private readonly StorageOptions _options;
    private readonly IMinioClient _client;
    private readonly IMinioClient _presignClient;
    private readonly S3Requests _requests;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _logger;
    private readonly string _bucket;
    private readonly string _description;

    public S3BlobStore(IOptions<StorageOptions> options, ILogger<S3BlobStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (string.IsNullOrWhiteSpace(_options.S3Endpoint) || _options.S3AccessKey is null || _options.S3SecretKey is null)
        {
            throw new InvalidOperationException("Storage:S3Endpoint, Storage:S3AccessKey and Storage:S3SecretKey are required for the S3 store.");
        }

        _bucket = _options.Bucket;
        _client = CreateClient(_options.S3Endpoint, _options.S3UseSsl);
        _presignClient = string.IsNullOrWhiteSpace(_options.S3PublicEndpoint)
            ? _client
            : CreateClient(_options.S3PublicEndpoint, _options.S3PublicUseSsl ?? _options.S3UseSsl);
        var presigner = S3Presigner.Handles(_options.S3Endpoint)
            ? new S3Presigner(_options.S3Endpoint, _options.S3UseSsl, _options.S3AccessKey, _options.S3SecretKey, _options.S3Region, TimeProvider.System)
            : null;
        _requests = new S3Requests(_client, presigner, _bucket, _options.S3RequestTimeout);
        _retry = StorageResilience.CreateRetryPipeline(_options, _logger);
        _description = $"S3 {(_options.S3UseSsl ? "https" : "http")}://{_options.S3Endpoint}/{_bucket}";
    }

    public override string ToString() => _description;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        var exists = await RunAsync("BucketExists", _bucket,
            ct => _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), ct), cancellationToken).ConfigureAwait(false);
        if (!exists)
        {
            try
            {
                await RunAsync("MakeBucket", _bucket, async ct =>
                {
                    await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_bucket).WithLocation(_options.S3Region), ct)
                        .ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                Log.BucketCreated(_logger, _bucket, _options.S3Endpoint!);
            }
            catch (MinioException)
            {
                // Another instance may have created it between our check and our create (BucketAlreadyOwnedByYou).
                if (!await BucketExistsNoThrowAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }
            }
        }

        Log.StorageReady(_logger, _description);
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        using var span = StorageTelemetry.Start("put", key, Provider);
        await RunAsync("PutObject", key, async ct =>
        {
            using var body = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
                ? new ByteArrayContent(segment.Array, segment.Offset, segment.Count)
                : (HttpContent)new ReadOnlyMemoryContent(content);
            await _requests.PutAsync(key, body, NormalizeContentType(contentType), ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var start = content.CanSeek ? content.Position : -1;
        var attempt = 0;
        using var span = StorageTelemetry.Start("put", key, Provider);
        await RunAsync("PutObject", key, async ct =>
        {
            if (attempt++ > 0)
            {
                content.Seek(start, SeekOrigin.Begin); // only reached when seekable (see retryable below)
            }

            using var body = new StreamSliceContent(content, length);
            await _requests.PutAsync(key, body, NormalizeContentType(contentType), ct).ConfigureAwait(false);
            return true;
        }, cancellationToken, retryable: content.CanSeek).ConfigureAwait(false);
    }

    public async Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        using var span = StorageTelemetry.Start("get", key, Provider);
        return await RunAsync("GetObject", key, ct => _requests.GetAsync(key, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        StorageTelemetry.Count("stat", Provider);
        return await RunAsync("StatObject", key, ct => _requests.ExistsAsync(key, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        StorageTelemetry.Count("delete", Provider);
        try
        {
            await RunAsync("RemoveObject", key, async ct =>
            {
                await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(key), ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            // Deleting a missing key is not an error.
        }
    }

    /// <summary>
    /// Recursive listing in key order. A transient failure restarts the listing (with backoff) and skips the
    /// keys already returned, so the caller sees each key once; a missing bucket lists nothing.
    /// </summary>
    public async IAsyncEnumerable<BlobItem> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobKeys.ValidatePrefix(prefix);
        StorageTelemetry.Count("list", Provider);
        string? lastKey = null;
        for (var attempt = 0; ; attempt++)
        {
            var args = new ListObjectsArgs().WithBucket(_bucket).WithPrefix(prefix).WithRecursive(true);
            var enumerator = _client.ListObjectsEnumAsync(args, cancellationToken).GetAsyncEnumerator(cancellationToken);
            Exception? failure = null;
            try
            {
                while (true)
                {
                    var (moved, error) = await MoveNextAsync(enumerator).ConfigureAwait(false);
                    if (error is not null)
                    {
                        failure = error;
                        break;
                    }

                    if (!moved)
                    {
                        yield break;
                    }

                    var item = enumerator.Current;
                    if (item.IsDir || (lastKey is not null && string.CompareOrdinal(item.Key, lastKey) <= 0))
                    {
                        continue;
                    }

                    lastKey = item.Key;
                    yield return new BlobItem(item.Key, checked((long)item.Size), ParseListTime(item), item.ETag?.Trim('"'));
                }
            }
            finally
            {
                try
                {
                    await enumerator.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The enumerator already failed; its disposal error adds nothing.
                }
            }

            if (failure is null || IsNotFound(failure))
            {
                yield break;
            }

            if (!StorageResilience.IsTransient(failure, cancellationToken))
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            if (attempt >= _options.RetryCount)
            {
                throw Unavailable("ListObjects", prefix, failure);
            }

            var delay = StorageResilience.Backoff(_options, attempt);
            Log.StorageRetry(_logger, attempt + 1, _options.RetryCount, delay.TotalMilliseconds, failure.GetType().Name, failure.Message);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        var seconds = (int)Math.Ceiling(expiry.TotalSeconds);
        if (seconds is < 1 or > 604_800)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "A presigned URL lives between 1 second and 7 days.");
        }

        // Signing is local (the region is configured, so the SDK asks the server nothing).
        var url = await RunAsync("PresignedGetObject", key,
            _ => _presignClient.PresignedGetObjectAsync(
                new PresignedGetObjectArgs().WithBucket(_bucket).WithObject(key).WithExpiry(seconds)), cancellationToken)
            .ConfigureAwait(false);
        return new Uri(url, UriKind.Absolute);
    }

    /// <summary>One bucket-exists request, no retries: used by the readiness health check.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken = default)
    {
        bool exists;
        try
        {
            exists = await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageResilience.IsTransient(ex, cancellationToken))
        {
            throw Unavailable("BucketExists", _bucket, ex);
        }

        return exists ? null : $"bucket '{_bucket}' does not exist on {_options.S3Endpoint}";
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_presignClient, _client))
        {
            _presignClient.Dispose();
        }

        _requests.Dispose();
        _client.Dispose();
    }

    private IMinioClient CreateClient(string endpoint, bool ssl) =>
        new MinioClient()
            .WithEndpoint(endpoint)
            .WithCredentials(_options.S3AccessKey, _options.S3SecretKey)
            .WithRegion(_options.S3Region)
            .WithSSL(ssl)
            .WithTimeout((int)Math.Clamp(_options.S3RequestTimeout.TotalMilliseconds, 1, int.MaxValue))
            .Build();

    private async Task<T> RunAsync<T>(string operation, string target, Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken, bool retryable = true)
    {
        var pipeline = retryable ? _retry : ResiliencePipeline.Empty;
        try
        {
            return await pipeline.ExecuteAsync(async ct => await call(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not StorageUnavailableException && StorageResilience.IsTransient(ex, cancellationToken))
        {
            throw Unavailable(operation, target, ex);
        }
    }

    private StorageUnavailableException Unavailable(string operation, string target, Exception ex) =>
        new($"Storage unavailable: {operation} '{target}' on {_description} failed ({ex.GetType().Name}: {ex.Message}).", ex);

    private async Task<bool> BucketExistsNoThrowAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<(bool Moved, Exception? Error)> MoveNextAsync(IAsyncEnumerator<Item> enumerator)
    {
        try
        {
            return (await enumerator.MoveNextAsync().ConfigureAwait(false), null);
        }
        catch (Exception ex)
        {
            return (false, ex);
        }
    }

    private static bool IsNotFound(Exception? ex) => ex is ObjectNotFoundException or BucketNotFoundException;

    private static string NormalizeContentType(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? DefaultContentType : contentType;

    /// <summary>The SDK parses times into local-kind DateTimes; turn them back into UTC instants.</summary>
    private static DateTimeOffset ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(value, TimeSpan.Zero),
        DateTimeKind.Local => new DateTimeOffset(value).ToUniversalTime(),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private static DateTimeOffset ParseListTime(Item item)
    {
        if (!string.IsNullOrEmpty(item.LastModified)
            && DateTimeOffset.TryParse(item.LastModified, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        return item.LastModifiedDateTime is { } dt ? ToUtc(dt) : DateTimeOffset.MinValue;
    }
}
