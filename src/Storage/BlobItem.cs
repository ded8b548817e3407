namespace Cartoon.Storage;

/// <param name="ETag">The server's entity tag without quotes (S3: the MD5 hex of a single-part upload), or null where the
/// store has none (file system).</param>
public sealed record BlobItem(string Key, long Size, DateTimeOffset LastModified, string? ETag = null);
