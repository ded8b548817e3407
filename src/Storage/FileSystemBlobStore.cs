using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Storage;

/// <summary>
/// The embedded-mode store: one file per object. Layout under the root:
/// <list type="bullet">
/// <item><c>objects/&lt;key&gt;</c>: the bytes (key segments become folders).</item>
/// <item><c>meta/&lt;key&gt;</c>: a sidecar holding the content type as UTF-8 text. Without it the type is derived
/// from the key's extension (png, jpg, webp, json...) or is application/octet-stream.</item>
/// <item><c>tmp/</c>: files being written. Every write goes to a temp file, is flushed to disk, then renamed
/// over the target (File.Move overwrite, atomic on one file system), so a crash never leaves a half object:
/// readers see the old bytes or the new. Temp files older than an hour are removed by
/// <see cref="EnsureReadyAsync"/>.</item>
/// </list>
/// The sidecar is renamed into place before the data, so a crash between the two can pair a new content
/// type with the previous bytes of the same key; writes are idempotent (same key, same bytes), so the next
/// write repairs it. Keys are checked by <see cref="BlobKeys"/> (no "..", no absolute paths, no backslashes),
/// and the resolved path must stay under the root. Unlike S3, a key cannot be both an object and a prefix
/// of another key ("a" and "a/b"); the job layout never does that.
/// <see cref="GetDownloadUrlAsync"/> returns null: the gateway streams the bytes itself.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore, IBlobStoreProbe
{
    private const string Provider = "filesystem";

    private const string DefaultContentType = "application/octet-stream";
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    private readonly string _objectsRoot;
    private readonly string _metaRoot;
    private readonly string _tempRoot;
    private readonly ILogger _logger;

    public FileSystemBlobStore(string root, ILogger<FileSystemBlobStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _objectsRoot = Path.Combine(Root, "objects");
        _metaRoot = Path.Combine(Root, "meta");
        _tempRoot = Path.Combine(Root, "tmp");
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    public override string ToString() => $"file system {Root}";

    public Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_objectsRoot);
        Directory.CreateDirectory(_metaRoot);
        Directory.CreateDirectory(_tempRoot);
        var removed = 0;
        var cutoff = DateTime.UtcNow - StaleTempAge;
        foreach (var file in new DirectoryInfo(_tempRoot).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                TryDelete(file.FullName);
                removed++;
            }
        }

        if (removed > 0)
        {
            Log.TempFilesRemoved(_logger, removed, _tempRoot);
        }

        Log.StorageReady(_logger, ToString());
        return Task.CompletedTask;
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(key);
        using var span = StorageTelemetry.Start("put", key, Provider);
        await WriteMetaAsync(key, contentType, cancellationToken).ConfigureAwait(false);
        await WriteAtomicAsync(path, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var path = ObjectPath(key);
        using var span = StorageTelemetry.Start("put", key, Provider);
        await WriteMetaAsync(key, contentType, cancellationToken).ConfigureAwait(false);
        await WriteAtomicAsync(path, async (stream, ct) =>
        {
            var buffer = new byte[81920];
            long remaining = length;
            while (remaining > 0)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new EndOfStreamException($"The stream for '{key}' ended {remaining} bytes before the declared length {length}.");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                remaining -= read;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(key);
        using var span = StorageTelemetry.Start("get", key, Provider);
        byte[] data;
        DateTime lastWrite;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
            lastWrite = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
            data = new byte[stream.Length];
            await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var contentType = await ReadMetaAsync(key, cancellationToken).ConfigureAwait(false) ?? ContentTypeFromExtension(key);
        return new BlobContent(data, contentType, new DateTimeOffset(lastWrite, TimeSpan.Zero));
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageTelemetry.Count("stat", Provider);
        return Task.FromResult(File.Exists(ObjectPath(key)));
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StorageTelemetry.Count("delete", Provider);
        var path = ObjectPath(key);
        var meta = MetaPath(key);
        TryDelete(path);
        TryDelete(meta);
        PruneEmptyFolders(Path.GetDirectoryName(path), _objectsRoot);
        PruneEmptyFolders(Path.GetDirectoryName(meta), _metaRoot);
        return Task.CompletedTask;
    }

    /// <summary>Walks the folder that holds the prefix; keys come back in ordinal order, like S3.</summary>
    public async IAsyncEnumerable<BlobItem> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobKeys.ValidatePrefix(prefix);
        StorageTelemetry.Count("list", Provider);
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _objectsRoot : Path.Combine(_objectsRoot, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        EnsureUnderRoot(folder, _objectsRoot, prefix);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var items = new List<BlobItem>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_objectsRoot, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                items.Add(new BlobItem(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
            }
        }

        items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        return Task.FromResult<Uri?>(null);
    }

    /// <summary>Ready when the folders exist and a temp file can be written and removed.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_objectsRoot) || !Directory.Exists(_tempRoot))
        {
            return $"storage folders missing under {Root}";
        }

        var probe = Path.Combine(_tempRoot, $"probe-{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot write under {Root}: {ex.Message}";
        }
        finally
        {
            TryDelete(probe);
        }
    }

    /// <summary>Content type for a key without a sidecar, from its extension.</summary>
    public static string ContentTypeFromExtension(string key) =>
        Path.GetExtension(key).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".webp" => "image/webp",
            ".gif" => "image/gif",
            ".bmp" => "image/bmp",
            ".json" => "application/json",
            ".txt" => "text/plain",
            ".zip" => "application/zip",
            _ => DefaultContentType,
        };

    private string ObjectPath(string key)
    {
        BlobKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_objectsRoot, key.Replace('/', Path.DirectorySeparatorChar)));
        EnsureUnderRoot(path, _objectsRoot, key);
        return path;
    }

    private string MetaPath(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_metaRoot, key.Replace('/', Path.DirectorySeparatorChar)));
        EnsureUnderRoot(path, _metaRoot, key);
        return path;
    }

    private static void EnsureUnderRoot(string path, string root, string key)
    {
        var full = Path.GetFullPath(path);
        if (!(full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Invalid blob key '{key}': it resolves outside the storage root.", nameof(key));
        }
    }

    private Task WriteMetaAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(string.IsNullOrWhiteSpace(contentType) ? DefaultContentType : contentType.Trim());
        return WriteAtomicAsync(MetaPath(key), (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken);
    }

    private async Task<string?> ReadMetaAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var text = await File.ReadAllTextAsync(MetaPath(key), Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private async Task WriteAtomicAsync(string target, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_tempRoot);
        var temp = Path.Combine(_tempRoot, $"{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             bufferSize: 81920, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            // A concurrent delete may prune the (empty) target folder between our create and our move: retry.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Move(temp, target, overwrite: true);
                    return;
                }
                catch (DirectoryNotFoundException) when (attempt < 5)
                {
                }
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void PruneEmptyFolders(string? folder, string root)
    {
        while (folder is not null && folder.Length > root.Length
               && folder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    return;
                }

                Directory.Delete(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return; // not empty any more (a concurrent write) or already gone
            }

            folder = Path.GetDirectoryName(folder);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
