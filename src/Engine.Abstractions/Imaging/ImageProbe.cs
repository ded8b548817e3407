using SixLabors.ImageSharp;

namespace Cartoon.Engine.Imaging;

/// <summary>Checks an encoded image from its magic bytes and header alone, before anything commits pixel memory to it.</summary>
public static class ImageProbe
{
    /// <summary>
    /// Sniffs the format, reads the header (no pixel decode) and applies <paramref name="limits"/>.
    /// </summary>
    /// <exception cref="ImageRejectedException">
    /// <see cref="FailureReasons.Empty"/>, <see cref="FailureReasons.UnsupportedFormat"/>, <see cref="FailureReasons.InvalidImage"/>
    /// or <see cref="FailureReasons.TooLarge"/>.
    /// </exception>
    public static ImageHeader Probe(ReadOnlySpan<byte> data, ImageLimits limits) => Inspect(data, limits).Header;

    /// <summary>The format named by the magic bytes ("jpeg", "png", "webp", "bmp", "gif", "tiff"), or null.</summary>
    public static string? SniffFormat(ReadOnlySpan<byte> data) => FormatSniffer.Sniff(data);

    /// <summary><see cref="Probe"/>, plus the EXIF orientation the decoder must apply.</summary>
    internal static (ImageHeader Header, ushort Orientation) Inspect(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (data.IsEmpty)
        {
            throw new ImageRejectedException(FailureReasons.Empty, "The image is empty (0 bytes).");
        }

        if (data.Length > limits.MaxBytes)
        {
            throw new ImageRejectedException(FailureReasons.TooLarge, $"The image is {data.Length} bytes; at most {limits.MaxBytes} are accepted.");
        }

        string format = SniffFormat(data) ?? throw Unrecognised(data);
        (int width, int height, ushort orientation) = ReadHeader(data, format);
        limits.Check(width, height, $"{format} header");

        bool transposed = ExifOrientation.IsTransposing(orientation);
        var header = transposed ? new ImageHeader(format, height, width, true) : new ImageHeader(format, width, height, false);
        return (header, orientation);
    }

    /// <summary>Stored width and height, and the EXIF orientation.</summary>
    private static (int Width, int Height, ushort Orientation) ReadHeader(ReadOnlySpan<byte> data, string format)
    {
        switch (format)
        {
            case ImageFormatNames.Webp:
                data = data[..WebpChunks.RiffLength(data)];
                WebpChunks.EnsureChunksFit(data);
                if (AnimatedWebp.IsAnimated(data))
                {
                    WebpFrameLayout layout = AnimatedWebp.ReadFirstFrame(data);
                    return (layout.CanvasWidth, layout.CanvasHeight, ExifOrientation.Upright);
                }

                break;
            case ImageFormatNames.Bmp:
                BmpFileHeader.EnsurePixelOffsetFits(data);
                break;
            case ImageFormatNames.Png:
                ushort orientation = PngChunks.ReadOrientation(data);
                IImageInfo png = Identify(data, format);
                return (png.Width, png.Height, orientation);
        }

        IImageInfo info = Identify(data, format);
        return (info.Width, info.Height, ExifOrientation.FromProfile(info.Metadata.ExifProfile));
    }

    private static unsafe IImageInfo Identify(ReadOnlySpan<byte> data, string format)
    {
        IImageInfo? info;
        fixed (byte* pointer = data)
        {
            using var stream = new UnmanagedMemoryStream(pointer, data.Length);
            try
            {
                info = DecoderConfiguration.Detector(format).Identify(DecoderConfiguration.Instance, stream, CancellationToken.None);
            }
            catch (Exception exception) when (DecoderFailures.IsDecoderFailure(exception))
            {
                throw DecoderFailures.Reject(exception, format);
            }
        }

        return info ?? throw new ImageRejectedException(FailureReasons.InvalidImage, $"The {format} header could not be read.");
    }

    private static ImageRejectedException Unrecognised(ReadOnlySpan<byte> data)
    {
        if (FormatSniffer.IsCutOffSignature(data))
        {
            return new ImageRejectedException(FailureReasons.InvalidImage, $"The image is cut off after {data.Length} bytes.");
        }

        string? what = FormatSniffer.DescribeUnsupported(data);
        return new ImageRejectedException(
            FailureReasons.UnsupportedFormat,
            (what is null ? "Not a recognised image." : $"{what} is not supported.") + " Accepted: JPEG, PNG, WebP, BMP, GIF, TIFF.");
    }
}
