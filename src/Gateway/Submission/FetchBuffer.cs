using System.Buffers;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// Where a fetched image's bytes wait until they are validated and stored: in memory up to
/// <see cref="SubmitFormReader.MemoryBufferBytes"/>, past it in a temp file deleted on close — the same split as an
/// uploaded part, so URL inputs add no new kind of memory use.
/// </summary>
internal static class FetchBuffer
{
    /// <summary>Copies <paramref name="body"/> into a seekable stream; null when it passes <paramref name="maxBytes"/>.</summary>
    public static async Task<Stream?> ReadAsync(Stream body, long maxBytes, long? declaredLength, CancellationToken ct)
    {
        Stream target = declaredLength > SubmitFormReader.MemoryBufferBytes ? TempFile() : new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                if (target.Length + read > maxBytes)
                {
                    await target.DisposeAsync();
                    return null;
                }
                if (target is MemoryStream memory && memory.Length + read > SubmitFormReader.MemoryBufferBytes)
                {
                    target = TempFile();
                    memory.Position = 0;
                    await memory.CopyToAsync(target, ct);
                }
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            target.Position = 0;
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FileStream TempFile() => new(Path.Combine(Path.GetTempPath(), $"cartoon-fetch-{Guid.NewGuid():N}"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
}
