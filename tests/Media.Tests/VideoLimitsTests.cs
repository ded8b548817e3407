namespace Cartoon.Media.Tests;

public sealed class VideoLimitsTests
{
    private static MediaInfo Clip(int width = 1280, int height = 720, string codec = "h264", double fps = 30, double seconds = 10) =>
        new(MediaContainer.Mp4, "mov,mp4,m4a,3gp,3g2,mj2", 0, codec, width, height, 0, new FrameRate((long)(fps * 1000), 1000),
            TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds), (long)(fps * seconds), false, null, 1_000_000);

    [Fact]
    public void Defaults_admit_full_hd_in_either_orientation_and_refuse_larger()
    {
        var limits = new VideoLimits();

        Assert.Null(limits.Check(Clip(1920, 1080)));
        Assert.Null(limits.Check(Clip(1080, 1920)));
        Assert.Equal(MediaRefusalCodes.FrameTooLarge, limits.Check(Clip(1920, 1200))?.Code);
        Assert.Equal(MediaRefusalCodes.FrameTooLarge, limits.Check(Clip(2560, 1080))?.Code);
    }

    [Theory]
    [InlineData("h264", null)]
    [InlineData("hevc", null)]
    [InlineData("vp8", null)]
    [InlineData("vp9", null)]
    [InlineData("av1", 415)]
    [InlineData("mpeg4", 415)]
    [InlineData("prores", 415)]
    public void Only_the_decoded_codecs_are_accepted(string codec, int? status)
    {
        Assert.Equal(status, new VideoLimits().Check(Clip(codec: codec))?.StatusCode);
    }

    [Fact]
    public void Sixty_frames_a_second_for_a_minute_is_the_edge()
    {
        var limits = new VideoLimits();

        Assert.Null(limits.Check(Clip(fps: 60, seconds: 60)));
        Assert.Null(limits.Check(Clip(fps: 60.02, seconds: 59)));
        Assert.Equal(MediaRefusalCodes.FrameRateTooHigh, limits.Check(Clip(fps: 61, seconds: 10))?.Code);
        Assert.Equal(MediaRefusalCodes.TooLong, limits.Check(Clip(seconds: 61))?.Code);
    }

    [Fact]
    public void A_frame_count_that_lies_low_is_judged_by_duration_times_rate()
    {
        var limits = new VideoLimits { MaxDuration = TimeSpan.FromMinutes(10) };
        MediaInfo liar = Clip(fps: 30, seconds: 300) with { FrameCount = 10 };

        MediaRefusal? refusal = limits.Check(liar);

        Assert.Equal(MediaRefusalCodes.TooManyFrames, refusal?.Code);
        Assert.Contains("9000 frames", refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_can_be_checked_before_the_file_is_stored()
    {
        var limits = new VideoLimits();

        Assert.Null(limits.CheckBytes(200L * 1024 * 1024));
        Assert.Equal((413, MediaRefusalCodes.FileTooLarge), (limits.CheckBytes((200L * 1024 * 1024) + 1)!.StatusCode, limits.CheckBytes((200L * 1024 * 1024) + 1)!.Code));
    }
}
