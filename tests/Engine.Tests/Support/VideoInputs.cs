using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Tests.Support;

/// <summary>
/// Synthetic videos of the portrait sample: scaled to 640² (a face ~190 px wide), a 480×360 window over the face,
/// panned by a known step per frame, with seeded sensor-like noise.
/// </summary>
internal static class VideoInputs
{
    public static readonly Size FrameSize = new(480, 360);

    public static List<Image<Rgb24>> Portrait(int frames, Size step, int noise, int seed = 7)
    {
        using var still = TestImages.Load(TestPaths.Portrait);
        still.Mutate(c => c.Resize(640, 640));
        // Room for 16 frames of up to 5 px right or 1 px up per frame.
        return SyntheticVideo.Panned(still, frames, FrameSize, new Point(80, 16), step, noise, seed);
    }

    public static List<PixelBuffer> Pixels(IEnumerable<Image<Rgb24>> frames) => frames.Select(PixelBuffer.From).ToList();
}
