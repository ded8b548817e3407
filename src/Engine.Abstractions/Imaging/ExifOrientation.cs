using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// The probe reads the orientation once and the decoder applies exactly that value, so the header's upright size and
/// the decoded image cannot disagree whatever metadata a decoder did or did not read.
/// </summary>
internal static class ExifOrientation
{
    public const ushort Upright = 1;

    /// <summary>Orientations 5–8 store the picture transposed.</summary>
    public static bool IsTransposing(ushort orientation) => orientation is >= 5 and <= 8;

    /// <summary>Values outside 1–8 are treated as upright, as browsers do.</summary>
    public static ushort FromProfile(ExifProfile? profile)
    {
        ushort? value = profile?.GetValue(ExifTag.Orientation)?.Value;
        return value is >= 1 and <= 8 ? value.Value : Upright;
    }

    /// <summary>Raw EXIF (TIFF header first, optionally behind "Exif\0\0"); unreadable EXIF counts as upright.</summary>
    public static ushort Parse(ReadOnlySpan<byte> exif)
    {
        if (exif.StartsWith("Exif\0\0"u8))
        {
            exif = exif[6..];
        }

        try
        {
            return FromProfile(new ExifProfile(exif.ToArray()));
        }
        catch (Exception exception) when (DecoderFailures.IsDecoderFailure(exception))
        {
            return Upright;
        }
    }

    /// <summary>Rotates/flips <paramref name="image"/> upright and leaves it with no EXIF at all.</summary>
    /// <remarks>Generic so that an input's alpha plane turns exactly as its colour pixels do.</remarks>
    public static void Apply<TPixel>(Image<TPixel> image, ushort orientation)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (orientation is > Upright and <= 8)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
            image.Mutate(context => context.AutoOrient());
        }

        image.Metadata.ExifProfile = null;
    }
}
