using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Video;

public sealed class FlickerTests
{
    [Fact]
    public void A_still_sequence_has_no_temporal_difference()
    {
        using var frame = Solid(40, 30, new Rgb24(10, 20, 30));
        using var same = Solid(40, 30, new Rgb24(10, 20, 30));

        Assert.Equal(0, Flicker.TemporalDifference([frame, same, frame]));
    }

    [Fact]
    public void The_temporal_difference_is_the_mean_channel_difference_over_consecutive_pairs()
    {
        using var a = Solid(8, 8, new Rgb24(100, 100, 100));
        using var b = Solid(8, 8, new Rgb24(106, 100, 97)); // (6 + 0 + 3) / 3 = 3 from a
        using var c = Solid(8, 8, new Rgb24(106, 112, 97)); // 12 / 3 = 4 from b

        Assert.Equal(3, Flicker.MeanAbsoluteDifference(a, b), 9);
        Assert.Equal(3.5, Flicker.TemporalDifference([a, b, c]), 9);
    }

    [Fact]
    public void A_region_counts_only_its_own_pixels()
    {
        using var a = Solid(20, 20, new Rgb24(0, 0, 0));
        using var b = Solid(20, 20, new Rgb24(0, 0, 0));
        b[15, 15] = new Rgb24(255, 255, 255);

        Assert.Equal(0, Flicker.MeanAbsoluteDifference(a, b, new Rectangle(0, 0, 10, 10)));
        Assert.Equal(255.0 / 25, Flicker.MeanAbsoluteDifference(a, b, new Rectangle(15, 15, 5, 5)), 9);
    }

    [Fact]
    public void The_ratio_is_one_for_an_output_that_changes_as_its_input_and_grows_with_added_flicker()
    {
        using var still = Solid(16, 16, new Rgb24(50, 50, 50));
        using var moved = Solid(16, 16, new Rgb24(60, 60, 60));
        using var outStill = Solid(32, 32, new Rgb24(0, 0, 0)); // another size: each sequence is compared with itself
        using var outMoved = Solid(32, 32, new Rgb24(10, 10, 10));
        using var outFlicker = Solid(32, 32, new Rgb24(30, 30, 30));

        Assert.Equal(1, Flicker.Ratio([still, moved], [outStill, outMoved]), 9);
        Assert.Equal(3, Flicker.Ratio([still, moved], [outStill, outFlicker]), 9);
        Assert.Throws<ArgumentException>(() => Flicker.Ratio([still, still], [outStill, outMoved]));
    }

    [Fact]
    public void A_panned_video_moves_by_its_step_per_frame()
    {
        using var still = new Image<Rgb24>(64, 48);
        for (var y = 0; y < 48; y++)
            for (var x = 0; x < 64; x++)
                still[x, y] = new Rgb24((byte)(x * 4), (byte)(y * 5), (byte)(x ^ y));

        var video = SyntheticVideo.Panned(still, 4, new Size(32, 24), new Point(4, 10), new Size(3, -2), noise: 0, seed: 1);
        try
        {
            Assert.Equal(4, video.Count);
            // Pixel (x, y) of frame t is pixel (x + 3, y − 2) of frame t − 1: the picture moves by −step.
            Assert.Equal(video[0][10 + 3, 8 - 2], video[1][10, 8]);
            Assert.Equal(still[4 + 3 * 3, 10 - 2 * 3], video[3][0, 0]);
            Assert.Throws<ArgumentException>(() => SyntheticVideo.Panned(still, 20, new Size(32, 24), new Point(4, 10), new Size(3, -2), 0, 1));
        }
        finally
        {
            video.ForEach(frame => frame.Dispose());
        }
    }

    private static Image<Rgb24> Solid(int width, int height, Rgb24 colour) => new(width, height, colour);
}
