using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Support;

/// <summary>A real portrait cut out as a sticker: an ellipse with a soft, feathered edge on a transparent canvas.</summary>
public static class CutOutInputs
{
    /// <summary>
    /// The astronaut (512²) inside a centred ellipse (semi-axes 200 × 236 px) whose alpha ramps linearly from 255 to
    /// 0 across <paramref name="feather"/> px centred on the ellipse; outside it, alpha 0 over the photo's own colours
    /// (what a cut-out tool leaves), so that only the alpha says what is gone.
    /// </summary>
    public static Image<Rgba32> Feathered(int feather = 12)
    {
        var image = Image.Load<Rgba32>(TestPaths.Sample(TestPaths.Astronaut));
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x].A = Alpha(x, y, row.Length, rows.Height, feather);
            }
        });
        return image;
    }

    public static byte[] Png(Image<Rgba32> image)
    {
        using var ms = new MemoryStream();
        image.SaveAsPng(ms, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
        return ms.ToArray();
    }

    /// <summary>Signed distance to the ellipse measured along the ray from its centre (close to the normal distance for so round an ellipse).</summary>
    private static byte Alpha(int x, int y, int width, int height, int feather)
    {
        double dx = x + 0.5 - width / 2.0, dy = y + 0.5 - height / 2.0;
        double rho = Math.Sqrt(dx * dx / (200.0 * 200.0) + dy * dy / (236.0 * 236.0));
        if (rho == 0)
            return 255;
        double inside = Math.Sqrt(dx * dx + dy * dy) * (1 / rho - 1);
        return (byte)Math.Round(255 * Math.Clamp(0.5 + inside / feather, 0, 1));
    }
}
