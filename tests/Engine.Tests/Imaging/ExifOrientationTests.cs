using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using static Cartoon.Engine.Tests.Imaging.ImagingInputs;

namespace Cartoon.Engine.Tests.Imaging;

/// <summary>
/// Each case stores the pixels the way a camera would for that orientation (<see cref="OrientedQuadrants.Stored"/>),
/// so the decoder must undo it to get the upright quadrants back.
/// </summary>
public sealed class ExifOrientationTests
{
    private const int Width = 64;
    private const int Height = 32;
    private static readonly ImageLimits Limits = new();

    public static TheoryData<ushort> Orientations => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Jpeg_comes_out_upright(ushort orientation)
    {
        byte[] data = StoredJpeg(orientation);

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        AssertUpright(image);
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Probe_reports_the_upright_size(ushort orientation)
    {
        byte[] data = StoredJpeg(orientation);

        Assert.Equal(new ImageHeader("jpeg", Width, Height, orientation >= 5), ImageProbe.Probe(data, Limits));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("webp")]
    public void Other_formats_with_exif_come_out_upright(string format)
    {
        using Image<Rgb24> stored = Stored(6);
        byte[] data = Encode(stored, EncoderFor(format));

        Assert.Equal(new ImageHeader(format, Width, Height, true), ImageProbe.Probe(data, Limits));
        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);
        AssertUpright(image);
    }

    [Fact]
    public void Orientation_is_applied_once_even_after_re_encoding()
    {
        using Image<Rgb24> decoded = ImageDecoder.Decode(StoredJpeg(6), Limits);
        byte[] reencoded = ImageEncoder.Encode(decoded, OutputFormat.Jpeg, 95);

        using Image<Rgb24> again = ImageDecoder.Decode(reencoded, Limits);

        AssertUpright(again);
    }

    private static byte[] StoredJpeg(ushort orientation)
    {
        using Image<Rgb24> stored = Stored(orientation);
        return Encode(stored, new JpegEncoder { Quality = 95 });
    }

    private static Image<Rgb24> Stored(ushort orientation) => OrientedQuadrants.Stored(orientation, Width, Height);

    private static void AssertUpright(Image<Rgb24> image)
    {
        Assert.Equal((Width, Height), (image.Width, image.Height));
        AssertColour(Red, image[Width / 4, Height / 4], tolerance: 12);
        AssertColour(Green, image[3 * Width / 4, Height / 4], tolerance: 12);
        AssertColour(Blue, image[Width / 4, 3 * Height / 4], tolerance: 12);
        AssertColour(Yellow, image[3 * Width / 4, 3 * Height / 4], tolerance: 12);
    }
}
