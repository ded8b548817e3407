using Cartoon.Media.Frames;

namespace Cartoon.Media.Tests;

public sealed class AnimationTimingTests
{
    [Fact]
    public void Delays_an_encoder_rounds_for_a_common_rate_map_one_to_one()
    {
        AnimationTiming timing = AnimationTiming.For([66, 67, 67, 66, 67, 67], 50, 1);

        Assert.Equal(new FrameRate(15, 1), timing.Rate);
        Assert.Equal(6, timing.FrameCount);
        Assert.Equal([0, 1, 2, 3, 4, 5], Enumerable.Range(0, 6).Select(k => timing.SourceFrameAt(k)));
    }

    [Fact]
    public void Centisecond_gif_delays_for_15_fps_fit_15_fps()
    {
        AnimationTiming timing = AnimationTiming.For([70, 60, 70, 70, 60, 70], 50, 10);

        Assert.Equal(new FrameRate(15, 1), timing.Rate);
        Assert.Equal(6, timing.FrameCount);
    }

    [Fact]
    public void Variable_delays_repeat_long_frames_at_the_shortest_delay()
    {
        AnimationTiming timing = AnimationTiming.For([40, 120, 40], 50, 1);

        Assert.Equal(new FrameRate(25, 1), timing.Rate);
        Assert.Equal(5, timing.FrameCount);
        Assert.Equal([0, 1, 1, 1, 2], Enumerable.Range(0, 5).Select(k => timing.SourceFrameAt(k)));
    }

    [Fact]
    public void A_rate_above_the_cap_is_capped_and_the_count_rounds_up()
    {
        // 30 ms ticks would be 33.3 fps; capped at 20 fps (50 ms): 230 ms of animation is 4.6 ticks, so 5 frames.
        AnimationTiming timing = AnimationTiming.For([30, 70, 30, 100], 20, 1);

        Assert.Equal(new FrameRate(20, 1), timing.Rate);
        Assert.Equal(5, timing.FrameCount);
        Assert.Equal([0, 1, 2, 3, 3], Enumerable.Range(0, 5).Select(k => timing.SourceFrameAt(k)));
    }

    [Fact]
    public void Tiny_delays_read_as_a_tenth_of_a_second_as_browsers_show_them()
    {
        AnimationTiming timing = AnimationTiming.For([0, 10, 0], 50, 1);

        Assert.Equal(new FrameRate(10, 1), timing.Rate);
        Assert.Equal(300, timing.TotalMs);
        Assert.Equal(3, timing.FrameCount);
    }

    [Fact]
    public void Uncommon_uniform_delays_keep_their_own_rate()
    {
        AnimationTiming timing = AnimationTiming.For([70, 70, 70], 50, 1);

        Assert.Equal(new FrameRate(100, 7), timing.Rate);
        Assert.Equal(3, timing.FrameCount);
    }
}
