using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Tests.Support;

/// <summary>Large photos made from the samples for the detail=high tests (issue 14).</summary>
public static class HighDetailInputs
{
    /// <summary>
    /// The NASA portrait cropped to 2:3 and upscaled to 2000×3000: at High it works at 1536×2304 on 2 × 3 tiles of 816²
    /// (Standard: 720×1080, 2.78× upscaled back).
    /// </summary>
    public static byte[] TallAstronaut() => TestImages.Crop(TestPaths.Astronaut, new Rectangle(85, 0, 342, 512), new Size(2000, 3000));

    /// <summary>
    /// A 4000×3000 "group photo": head-and-shoulders crops of both samples on a plain wall, a row of four faces about
    /// 200 px wide above a row of four about 100 px wide. At Standard the detector sees the picture at 640×480, the small
    /// faces at ~16 px: too small for it.
    /// </summary>
    public static byte[] GroupPhoto()
    {
        using var canvas = new Image<Rgb24>(4000, 3000, new Rgb24(214, 208, 196));
        for (var i = 0; i < 8; i++)
        {
            var face = i < 4 ? 200 : 100;
            using var person = Person(i % 2 == 0, face);
            var (cx, cy) = ((i % 4 + 0.5) * 1000, i < 4 ? 750 : 2250);
            canvas.Mutate(c => c.DrawImage(person, new Point((int)cx - person.Width / 2, (int)cy - person.Height / 2), 1f));
        }
        return TestImages.Png(canvas);
    }

    /// <summary>A head-and-shoulders crop of a sample scaled so that its face is about <paramref name="face"/> px wide.</summary>
    private static Image<Rgb24> Person(bool astronaut, int face)
    {
        // Face widths in the samples: ~95 px in the 512² astronaut, ~227 px in the 1024² portrait.
        var (sample, crop, width) = astronaut
            ? (TestPaths.Astronaut, new Rectangle(130, 20, 190, 240), 95.0)
            : (TestPaths.Portrait, new Rectangle(380, 0, 420, 500), 227.0);
        var image = TestImages.Load(sample);
        image.Mutate(c => c.Crop(crop).Resize((int)(crop.Width * face / width), (int)(crop.Height * face / width)));
        return image;
    }
}
