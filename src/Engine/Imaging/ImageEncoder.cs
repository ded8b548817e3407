using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Imaging;

/// <summary>Encodes results. Every setting is explicit: ImageSharp otherwise copies choices (grayscale JPEG, palette PNG)
/// from the metadata of whatever image the pixels came from.</summary>
public static class ImageEncoder
{
    /// <param name="quality">1..100; used by JPEG and WebP, ignored by PNG.</param>
    public static byte[] Encode(Image<Rgb24> image, OutputFormat format, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (format == OutputFormat.Png)
            return EncodePng(image);
        if (format == OutputFormat.Raw)
            return RawPixels(image);
        IImageEncoder encoder = format switch
        {
            OutputFormat.Jpeg => new JpegEncoder { Quality = CheckQuality(quality), ColorType = ChromaFor(quality) },
            OutputFormat.Webp => new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = CheckQuality(quality) },
            _ => throw UnknownFormat(format),
        };

        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }

    /// <summary>
    /// A result with straight alpha: PNG as truecolour with alpha, WebP as lossy colour plus an ALPH chunk. ImageSharp
    /// 2.1's lossy WebP encoder writes VP8X + ALPH whenever some pixel is translucent; the alpha plane is compressed
    /// losslessly (<see cref="WebpEncoder.UseAlphaCompression"/>), so a cut-out's edge comes back exact while only the
    /// colour is lossy. JPEG has no alpha: such a result is flattened before it gets here.
    /// </summary>
    /// <param name="quality">1..100; used by WebP, ignored by PNG.</param>
    public static byte[] Encode(Image<Rgba32> image, OutputFormat format, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (format == OutputFormat.Png)
            return EncodePng(image);
        IImageEncoder encoder = format switch
        {
            OutputFormat.Webp => new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = CheckQuality(quality), UseAlphaCompression = true },
            OutputFormat.Jpeg or OutputFormat.Raw => throw new ArgumentException($"{format} cannot carry alpha: encode the flattened image instead.", nameof(format)),
            _ => throw UnknownFormat(format),
        };

        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }

    /// <summary>Latency beats bytes here, and cartoon output (flat regions) compresses well even at the fastest level.</summary>
    private static byte[] EncodePng(Image<Rgb24> image)
    {
        if (image.DangerousTryGetSinglePixelMemory(out var pixels))
            return PngWriter.Encode(MemoryMarshal.AsBytes(pixels.Span), image.Width, image.Height);
        var copy = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(copy);
        return PngWriter.Encode(copy, image.Width, image.Height);
    }

    /// <summary>The pixels as they are: packed RGB24, row-major (<see cref="OutputFormat.Raw"/>).</summary>
    private static byte[] RawPixels(Image<Rgb24> image)
    {
        var pixels = GC.AllocateUninitializedArray<byte>(image.Width * image.Height * 3);
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    private static byte[] EncodePng(Image<Rgba32> image)
    {
        if (image.DangerousTryGetSinglePixelMemory(out var pixels))
            return PngWriter.EncodeRgba(MemoryMarshal.AsBytes(pixels.Span), image.Width, image.Height);
        var copy = new byte[image.Width * image.Height * 4];
        image.CopyPixelDataTo(copy);
        return PngWriter.EncodeRgba(copy, image.Width, image.Height);
    }

    public static string ContentType(OutputFormat format) => format switch
    {
        OutputFormat.Png => "image/png",
        OutputFormat.Jpeg => "image/jpeg",
        OutputFormat.Webp => "image/webp",
        OutputFormat.Raw => "application/octet-stream",
        _ => throw UnknownFormat(format),
    };

    /// <summary>Without the dot.</summary>
    public static string Extension(OutputFormat format) => format switch
    {
        OutputFormat.Png => "png",
        OutputFormat.Jpeg => "jpg",
        OutputFormat.Webp => "webp",
        OutputFormat.Raw => "rgb",
        _ => throw UnknownFormat(format),
    };

    /// <summary>
    /// Cartoon output is hard-edged colour, which 4:2:0 subsampling smears; whoever asks for 90+ gets full chroma.
    /// </summary>
    private static JpegColorType ChromaFor(int quality) => quality >= 90 ? JpegColorType.YCbCrRatio444 : JpegColorType.YCbCrRatio420;

    private static int CheckQuality(int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        return quality;
    }

    private static ArgumentOutOfRangeException UnknownFormat(OutputFormat format) =>
        new(nameof(format), format, "Unknown output format.");
}
