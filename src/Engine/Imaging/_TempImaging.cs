// TEMPORARY until the imaging branch lands: same signatures, minimal behaviour.
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Imaging;

public sealed class ImageLimits
{
    public long MaxBytes { get; init; } = 30 * 1024 * 1024;
    public long MaxPixels { get; init; } = 50_000_000;
    public int MaxSide { get; init; } = 16_384;
    public TimeSpan DecodeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

public static class ImageDecoder
{
    public static Image<Rgb24> Decode(ReadOnlyMemory<byte> data, ImageLimits limits)
    {
        if (data.Length == 0) throw new ImageRejectedException(FailureReasons.Empty, "empty");
        try
        {
            var img = Image.Load<Rgb24>(data.Span);
            img.Mutate(c => c.AutoOrient());
            return img;
        }
        catch (Exception ex) when (ex is not ImageRejectedException)
        {
            throw new ImageRejectedException(FailureReasons.InvalidImage, ex.Message);
        }
    }
}

public static class ImageEncoder
{
    public static byte[] Encode(Image<Rgb24> image, OutputFormat format, int quality)
    {
        using var ms = new MemoryStream();
        switch (format)
        {
            case OutputFormat.Jpeg: image.SaveAsJpeg(ms, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = quality }); break;
            case OutputFormat.Webp: image.SaveAsWebp(ms, new SixLabors.ImageSharp.Formats.Webp.WebpEncoder { Quality = quality }); break;
            default: image.SaveAsPng(ms); break;
        }
        return ms.ToArray();
    }

    public static string ContentType(OutputFormat format) => format switch { OutputFormat.Jpeg => "image/jpeg", OutputFormat.Webp => "image/webp", _ => "image/png" };

    public static string Extension(OutputFormat format) => format switch { OutputFormat.Jpeg => "jpg", OutputFormat.Webp => "webp", _ => "png" };
}
