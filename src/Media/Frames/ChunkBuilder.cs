using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Frames;

/// <summary>Gathers frames into chunks of a fixed size and hands each full chunk to the consumer, then disposes it.</summary>
internal sealed class ChunkBuilder(int framesPerChunk, Func<FrameChunk, CancellationToken, Task> onChunk) : IDisposable
{
    private readonly List<Image<Rgb24>> pending = new(framesPerChunk);
    private int next;

    /// <summary>Frames added so far.</summary>
    public int Count => next + pending.Count;

    public async Task AddAsync(Image<Rgb24> frame, CancellationToken cancellationToken)
    {
        pending.Add(frame);
        if (pending.Count == framesPerChunk)
            await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands over the last, shorter chunk.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
            return;
        using var chunk = new FrameChunk(next, [.. pending]);
        next += pending.Count;
        pending.Clear();
        await onChunk(chunk, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Frames never handed over (a failure part-way) are freed here.</summary>
    public void Dispose()
    {
        foreach (Image<Rgb24> frame in pending)
            frame.Dispose();
        pending.Clear();
    }
}
