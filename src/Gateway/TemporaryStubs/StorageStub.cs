// TEMPORARY stub (branch storage owns the real one): delete this file when AddCartoonStorage lands in main.
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Stub: file system only ("Storage:FileSystem:RootPath", default "data/blobs").</summary>
    public static IServiceCollection AddCartoonStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"] ?? "FileSystem";
        if (!provider.Equals("FileSystem", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException($"Storage provider '{provider}' is not available until the storage branch lands.");
        var root = configuration["Storage:FileSystem:RootPath"] ?? Path.Combine(AppContext.BaseDirectory, "data", "blobs");
        services.AddSingleton<IBlobStore>(new StubFileSystemBlobStore(root));
        return services;
    }
}

internal sealed class StubFileSystemBlobStore(string root) : IBlobStore
{
    private const string TypeSuffix = ".content-type";
    private readonly string _root = Path.GetFullPath(root);

    public Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(tmp, content.ToArray(), cancellationToken);
        await File.WriteAllTextAsync(path + TypeSuffix, contentType, cancellationToken);
        File.Move(tmp, path, overwrite: true);
    }

    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        await PutAsync(key, buffer.ToArray(), contentType, cancellationToken);
    }

    public async Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            var data = await File.ReadAllBytesAsync(path, cancellationToken);
            var type = File.Exists(path + TypeSuffix) ? await File.ReadAllTextAsync(path + TypeSuffix, cancellationToken) : "application/octet-stream";
            return new BlobContent(data, type, File.GetLastWriteTimeUtc(path));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        File.Delete(path);
        File.Delete(path + TypeSuffix);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<BlobItem> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (!Directory.Exists(_root))
            yield break;
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.EndsWith(TypeSuffix, StringComparison.Ordinal) || file.EndsWith(".tmp", StringComparison.Ordinal))
                continue;
            var key = Path.GetRelativePath(_root, file).Replace('\\', '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var info = new FileInfo(file);
            if (info.Exists)
                yield return new BlobItem(key, info.Length, info.LastWriteTimeUtc);
        }
    }

    public Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default) => Task.FromResult<Uri?>(null);

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Key '{key}' escapes the store root.", nameof(key));
        return path;
    }
}
