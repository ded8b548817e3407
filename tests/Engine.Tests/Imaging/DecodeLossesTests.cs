using Cartoon.Engine.Imaging;
using Cartoon.Engine.Tests.Support;

namespace Cartoon.Engine.Tests.Imaging;

/// <summary>The structure readers behind the warnings: frame counts and colour-profile descriptions, without decoding pixels.</summary>
public sealed class DecodeLossesTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 2)] // counting stops at two
    public void Gif_frames_are_counted_from_the_block_structure(int frames, int counted) =>
        Assert.Equal(counted, AnimationProbe.GifFrames(WarningInputs.Gif(frames)));

    [Fact]
    public void A_cut_off_gif_counts_what_it_holds_and_does_not_throw()
    {
        var gif = WarningInputs.Gif(2);

        Assert.InRange(AnimationProbe.GifFrames(gif[..(gif.Length / 3)]), 0, 1);
        Assert.Equal(0, AnimationProbe.GifFrames(gif[..8]));
    }

    [Fact]
    public void A_png_with_an_actl_chunk_of_several_frames_is_animated_and_a_plain_png_is_not()
    {
        var png = TestImages.SampleBytes(TestPaths.Astronaut);
        // acTL (num_frames 3, num_plays 0) inserted right after IHDR, as APNG writers put it.
        var actl = new byte[] { 0, 0, 0, 8, (byte)'a', (byte)'c', (byte)'T', (byte)'L', 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0 };
        var apng = png[..33].Concat(actl).Concat(png[33..]).ToArray();

        Assert.True(AnimationProbe.HasLaterFrames(ImageFormatNames.Png, apng));
        Assert.False(AnimationProbe.HasLaterFrames(ImageFormatNames.Png, png));
    }

    [Theory]
    [InlineData("sRGB IEC61966-2.1", false)]
    [InlineData("sRGB built-in", false)]
    [InlineData("Display P3", true)]
    [InlineData("Adobe RGB (1998)", true)]
    public void A_profile_is_lost_unless_it_describes_srgb_in_v2_and_v4_tags(string description, bool lost)
    {
        Assert.Equal(description, ColorProfiles.Description(WarningInputs.IccV2(description)));
        Assert.Equal(description, ColorProfiles.Description(WarningInputs.IccV4(description)));
        Assert.Equal(lost, ColorProfiles.IsLost(WarningInputs.IccV2(description)));
        Assert.Equal(lost, ColorProfiles.IsLost(WarningInputs.IccV4(description)));
    }

    [Fact]
    public void Bytes_that_hold_no_description_count_as_a_lost_profile_and_never_throw()
    {
        var profile = WarningInputs.IccV2("Display P3");

        Assert.Null(ColorProfiles.Description(profile[..100]));
        Assert.Null(ColorProfiles.Description(profile[..140]));
        Assert.True(ColorProfiles.IsLost(new byte[200]));
    }
}
