using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Frames;

/// <summary>
/// Turns an animation's source frames, fed in order, into its constant-rate frames (<see cref="AnimationTiming"/>):
/// each source frame is handed on as often as the timing shows it (zero times when the rate cap skips it).
/// </summary>
internal sealed class AnimationResampler(AnimationTiming timing, ChunkBuilder builder) : IDisposable
{
    private long next;
    private Image<Rgb24>? last;

    /// <summary>Source frames fed so far.</summary>
    public int SourceFrames { get; private set; }

    /// <summary>Takes ownership of <paramref name="frame"/>, the next source frame.</summary>
    public async Task AddAsync(Image<Rgb24> frame, CancellationToken cancellationToken)
    {
        last?.Dispose();
        last = frame;
        while (next < timing.FrameCount && timing.SourceFrameAt(next) == SourceFrames)
        {
            await builder.AddAsync(frame.Clone(), cancellationToken).ConfigureAwait(false);
            next++;
        }

        SourceFrames++;
    }

    /// <summary>
    /// Fills the frames still owed with the last source frame, for a decoder that came up a frame or two short of the
    /// header (the extractor refuses more than that).
    /// </summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        for (; last is not null && next < timing.FrameCount; next++)
            await builder.AddAsync(last.Clone(), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => last?.Dispose();
}
