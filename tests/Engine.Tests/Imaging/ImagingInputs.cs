using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Imaging;

/// <summary>Builds test inputs in code, and the assertions the imaging tests share.</summary>
internal static class ImagingInputs
{
    public static readonly Rgba32 Red = new(255, 0, 0, 255);
    public static readonly Rgba32 Green = new(0, 255, 0, 255);
    public static readonly Rgba32 Blue = new(0, 0, 255, 255);
    public static readonly Rgba32 Yellow = new(255, 255, 0, 255);

    public static byte[] Encode<TPixel>(Image<TPixel> image, IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>A black image of that size, encoded.</summary>
    public static byte[] EncodedBlank(int width, int height, IImageEncoder encoder)
    {
        using var image = new Image<Rgb24>(width, height);
        return Encode(image, encoder);
    }

    /// <summary>Lossless-enough encoders for each accepted format.</summary>
    public static IImageEncoder EncoderFor(string format) => format switch
    {
        "jpeg" => new JpegEncoder { Quality = 95, ColorType = JpegColorType.YCbCrRatio444 },
        "png" => new PngEncoder(),
        "webp" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
        "bmp" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
        "gif" => new GifEncoder(),
        "tiff" => new TiffEncoder(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Left half <paramref name="left"/>, right half <paramref name="right"/>.</summary>
    public static Image<Rgba32> Halves(int width, int height, Rgba32 left, Rgba32 right)
    {
        var image = new Image<Rgba32>(width, height, right);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                rows.GetRowSpan(y)[..(width / 2)].Fill(left);
            }
        });
        return image;
    }

    /// <summary>Four quadrants: red, green / blue, yellow.</summary>
    public static Image<Rgb24> Quadrants(int width, int height) => OrientedQuadrants.Upright(width, height);

    public static ImageRejectedException Rejected(string reason, Action action)
    {
        var rejection = Assert.Throws<ImageRejectedException>(action);
        Assert.Equal(reason, rejection.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        return rejection;
    }

    public static void AssertColour(Rgba32 expected, Rgb24 actual, int tolerance = 0) =>
        AssertColour(expected.Rgb, actual, tolerance);

    public static void AssertColour(Rgb24 expected, Rgb24 actual, int tolerance = 0)
    {
        bool close = Math.Abs(expected.R - actual.R) <= tolerance
            && Math.Abs(expected.G - actual.G) <= tolerance
            && Math.Abs(expected.B - actual.B) <= tolerance;
        Assert.True(close, $"Expected {expected} ± {tolerance}, got {actual}.");
    }

    /// <summary>The samples shipped beside the repository: &lt;root&gt;/../shared/samples.</summary>
    public static string SamplesDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cartoon.sln")))
            {
                return Path.Combine(directory.FullName, "..", "shared", "samples");
            }
        }

        throw new DirectoryNotFoundException("No directory above the test binaries contains Cartoon.sln.");
    }
}
