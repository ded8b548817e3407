namespace Cartoon.Storage;

/// <summary>
/// The one storage abstraction: S3-compatible (MinIO SDK) in distributed mode, the file system in the
/// embedded default. Writes are idempotent (same key, same bytes) so redelivered work can rewrite safely.
/// </summary>
public interface IBlobStore
{
    /// <summary>Creates the bucket / root folder if missing. Called once at start.</summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken = default);

    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The whole object, or null when it does not exist.</summary>
    Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Keys under a prefix, with their last-modified time (used by retention and webhook sweeps).</summary>
    IAsyncEnumerable<BlobItem> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>A presigned GET URL, or null when the store cannot presign (file system: the gateway streams instead).</summary>
    Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);
}

