using System.Buffers;
using Cartoon.Storage;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// Stores a submit's accepted images from the request's buffered body (ASP.NET keeps a body in memory up to
/// <see cref="SubmitFormReader.MemoryBufferBytes"/>, else in one temp file). The parts are views of that one buffer and
/// cannot be read at the same time, so they are read one after another: a small part is copied into a pooled buffer and
/// its PUT overlaps the next parts' (up to <see cref="SmallPutsInFlight"/>); a large part streams to storage on its own.
/// A submit thus holds at most a few small images in memory, never its whole body.
/// </summary>
public sealed class InputUploader(IBlobStore store)
{
    public const int SmallPartBytes = 1024 * 1024;
    public const int SmallPutsInFlight = 4;

    public async Task UploadAsync(IReadOnlyList<(string Key, AcceptedImage Image)> inputs, CancellationToken ct)
    {
        var inFlight = new List<Task>(SmallPutsInFlight);
        try
        {
            foreach (var (key, image) in inputs)
            {
                var contentType = image.ContentType;
                if (image.Length > SmallPartBytes)
                {
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                    await using var stream = image.Part.OpenReadStream();
                    await store.PutAsync(key, stream, image.Length, contentType, ct);
                    continue;
                }
                if (inFlight.Count == SmallPutsInFlight)
                {
                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    await done;
                }
                var length = (int)image.Length;
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    await using (var stream = image.Part.OpenReadStream())
                        await stream.ReadExactlyAsync(buffer.AsMemory(0, length), ct);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
                inFlight.Add(PutAsync(key, buffer, length, contentType, ct));
            }
            await Task.WhenAll(inFlight);
        }
        catch
        {
            // Never leave a PUT running behind the caller: its buffer goes back to the pool when it ends.
            foreach (var put in inFlight)
            {
                try
                {
                    await put;
                }
                catch (Exception) when (put.IsFaulted || put.IsCanceled)
                {
                    // The first failure is the one rethrown.
                }
            }
            throw;
        }
    }

    private async Task PutAsync(string key, byte[] buffer, int length, string contentType, CancellationToken ct)
    {
        try
        {
            await store.PutAsync(key, buffer.AsMemory(0, length), contentType, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
