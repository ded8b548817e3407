using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media;

/// <summary>
/// Consecutive frames of one video: <see cref="Frames"/>[i] is frame <see cref="FirstFrameIndex"/> + i. Frames are
/// ImageSharp <see cref="Image{Rgb24}"/> (what the engine takes and <see cref="FrameChunkCodec"/> stores), all of one
/// size. Disposing the chunk disposes its frames.
/// </summary>
public sealed class FrameChunk : IDisposable
{
    public FrameChunk(int firstFrameIndex, IReadOnlyList<Image<Rgb24>> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrameIndex);
        if (frames.Count == 0)
            throw new ArgumentException("A chunk holds at least one frame.", nameof(frames));
        if (frames.Any(f => f.Width != frames[0].Width || f.Height != frames[0].Height))
            throw new ArgumentException("The frames of a chunk are all one size.", nameof(frames));
        FirstFrameIndex = firstFrameIndex;
        Frames = frames;
    }

    public int FirstFrameIndex { get; }

    public IReadOnlyList<Image<Rgb24>> Frames { get; }

    public int Count => Frames.Count;

    public int Width => Frames[0].Width;

    public int Height => Frames[0].Height;

    public void Dispose()
    {
        foreach (Image<Rgb24> frame in Frames)
            frame.Dispose();
    }
}
