using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Tests.Shared.Imaging;

/// <summary>
/// A four-colour test card (red, green / blue, yellow), and the same card stored the way a camera stores it for an
/// EXIF orientation (mapping written out from the EXIF definitions, not through ImageSharp), so a decoder must undo
/// the orientation to get the upright card back.
/// </summary>
internal static class OrientedQuadrants
{
    public static readonly Rgb24 Red = new(255, 0, 0);
    public static readonly Rgb24 Green = new(0, 255, 0);
    public static readonly Rgb24 Blue = new(0, 0, 255);
    public static readonly Rgb24 Yellow = new(255, 255, 0);

    /// <summary>Four quadrants: red, green / blue, yellow.</summary>
    public static Image<Rgb24> Upright(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = (x < width / 2, y < height / 2) switch
                {
                    (true, true) => Red,
                    (false, true) => Green,
                    (true, false) => Blue,
                    _ => Yellow,
                };
            }
        }

        return image;
    }

    /// <summary>The raw pixels whose display under <paramref name="orientation"/> is the upright card of that size.</summary>
    public static Image<Rgb24> Stored(ushort orientation, int width, int height)
    {
        using Image<Rgb24> upright = Upright(width, height);
        bool transposed = orientation >= 5;
        var stored = new Image<Rgb24>(transposed ? height : width, transposed ? width : height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // EXIF: where the stored row 0 / column 0 appear when displayed.
                (int sx, int sy) = orientation switch
                {
                    1 => (x, y), // top, left
                    2 => (width - 1 - x, y), // top, right
                    3 => (width - 1 - x, height - 1 - y), // bottom, right
                    4 => (x, height - 1 - y), // bottom, left
                    5 => (y, x), // left, top
                    6 => (y, width - 1 - x), // right, top
                    7 => (height - 1 - y, width - 1 - x), // right, bottom
                    8 => (height - 1 - y, x), // left, bottom
                    _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
                };
                stored[sx, sy] = upright[x, y];
            }
        }

        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return stored;
    }

    /// <summary>Null when <paramref name="image"/> shows the upright card (each quadrant's centre within the tolerance), else what differs.</summary>
    public static string? Mismatch(Image<Rgb24> image, int tolerance)
    {
        (int X, int Y, Rgb24 Expected, string Name)[] probes =
        [
            (image.Width / 4, image.Height / 4, Red, "top-left"),
            (3 * image.Width / 4, image.Height / 4, Green, "top-right"),
            (image.Width / 4, 3 * image.Height / 4, Blue, "bottom-left"),
            (3 * image.Width / 4, 3 * image.Height / 4, Yellow, "bottom-right"),
        ];
        foreach (var (x, y, expected, name) in probes)
        {
            Rgb24 actual = image[x, y];
            if (Math.Abs(actual.R - expected.R) > tolerance || Math.Abs(actual.G - expected.G) > tolerance || Math.Abs(actual.B - expected.B) > tolerance)
                return $"{name} quadrant is {actual}, expected {expected} ± {tolerance}";
        }

        return null;
    }
}
