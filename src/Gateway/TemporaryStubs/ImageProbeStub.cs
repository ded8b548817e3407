// TEMPORARY stub (branch imaging owns the real one): delete this file when ImageProbe lands in main.
// ImageLimits already comes from main's temporary imaging file.
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace Cartoon.Engine.Imaging;

/// <summary>Width and Height as displayed (after EXIF orientation), as the imaging branch defines them.</summary>
public sealed record ImageHeader(string Format, int Width, int Height, bool Rotated90);

public static class ImageProbe
{
    public static ImageHeader Probe(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        if (data.IsEmpty)
            throw new ImageRejectedException(FailureReasons.Empty, "The file is empty.");
        if (data.Length > limits.MaxBytes)
            throw new ImageRejectedException(FailureReasons.TooLarge, $"The file is larger than {limits.MaxBytes} bytes.");
        var format = Sniff(data)
            ?? throw new ImageRejectedException(FailureReasons.UnsupportedFormat, "Not a PNG, JPEG or WebP image.");
        IImageInfo? info;
        try
        {
            info = Image.Identify(data.ToArray());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ImageRejectedException(FailureReasons.InvalidImage, "The image header is corrupt.");
        }
        if (info is null || info.Width <= 0 || info.Height <= 0)
            throw new ImageRejectedException(FailureReasons.InvalidImage, "The image header is corrupt.");
        if (info.Width > limits.MaxSide || info.Height > limits.MaxSide || (long)info.Width * info.Height > limits.MaxPixels)
            throw new ImageRejectedException(FailureReasons.TooLarge, $"{info.Width}x{info.Height} exceeds the limits.");
        var orientation = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        var rotated = orientation is >= 5 and <= 8;
        return rotated ? new ImageHeader(format, info.Height, info.Width, true) : new ImageHeader(format, info.Width, info.Height, false);
    }

    private static string? Sniff(ReadOnlySpan<byte> d)
    {
        if (d.Length >= 8 && d[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
            return "png";
        if (d.Length >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
            return "jpeg";
        if (d.Length >= 12 && d[..4].SequenceEqual("RIFF"u8) && d[8..12].SequenceEqual("WEBP"u8))
            return "webp";
        return null;
    }
}
