using Cartoon.Media.Tests.Support;

namespace Cartoon.Media.Tests;

[Collection(ClipsCollection.Name)]
public sealed class MediaProbeTests(Clips clips)
{
    private readonly MediaStack media = new();

    [Fact]
    public async Task Mp4_reports_codec_size_rate_duration_frames_and_audio()
    {
        MediaInfo info = await media.Probe.ProbeAsync(clips.Mp4, CancellationToken.None);

        Assert.Equal(MediaContainer.Mp4, info.Container);
        Assert.Equal("h264", info.VideoCodec);
        Assert.Equal((Clips.Width, Clips.Height), (info.Width, info.Height));
        Assert.Equal(0, info.Rotation);
        Assert.Equal(new FrameRate(15, 1), info.FrameRate);
        Assert.Equal(2.0, info.Duration.TotalSeconds, 2);
        Assert.Equal(Clips.FrameCount, info.FrameCount);
        Assert.True(info.HasAudio);
        Assert.Equal("aac", info.AudioCodec);
        Assert.Equal(new FileInfo(clips.Mp4).Length, info.FileSize);
        Assert.Null(media.Options.Limits.Check(info));
    }

    [Fact]
    public async Task Webm_reports_vp9_with_opus_and_a_frame_count_from_duration_and_rate()
    {
        MediaInfo info = await media.Probe.ProbeAsync(clips.Webm, CancellationToken.None);

        Assert.Equal(MediaContainer.Matroska, info.Container);
        Assert.Equal("vp9", info.VideoCodec);
        Assert.Equal((Clips.Width, Clips.Height), (info.Width, info.Height));
        Assert.Equal(15.0, info.FrameRate.Value);
        Assert.Equal(2.0, info.Duration.TotalSeconds, 1);
        Assert.Equal(Clips.FrameCount, info.FrameCount);
        Assert.Equal("opus", info.AudioCodec);
    }

    [Fact]
    public async Task Gif_centisecond_delays_read_as_the_rate_they_were_written_for()
    {
        MediaInfo info = await media.Probe.ProbeAsync(clips.Gif, CancellationToken.None);

        Assert.Equal(MediaContainer.Gif, info.Container);
        Assert.Equal("gif", info.VideoCodec);
        // ffmpeg writes 15 fps as 7, 6, 7 cs delays (its own average reads 181/12).
        Assert.Equal(new FrameRate(15, 1), info.FrameRate);
        Assert.Equal(2.0, info.Duration.TotalSeconds, 1);
        Assert.Equal(Clips.FrameCount, info.FrameCount);
        Assert.False(info.HasAudio);
    }

    [Fact]
    public async Task Animated_webp_is_probed_from_its_chunks()
    {
        MediaInfo info = await media.Probe.ProbeAsync(clips.Webp, CancellationToken.None);

        Assert.Equal(MediaContainer.AnimatedWebp, info.Container);
        Assert.Equal("webp", info.VideoCodec);
        Assert.Equal((Clips.Width, Clips.Height), (info.Width, info.Height));
        // libwebp_anim writes 66/67/67 ms delays for 15 fps: the common rate is recognised, not 30000/1999.
        Assert.Equal(new FrameRate(15, 1), info.FrameRate);
        Assert.Equal(Clips.FrameCount, info.FrameCount);
        Assert.Equal(2.0, info.Duration.TotalSeconds, 1);
        Assert.Null(media.Options.Limits.Check(info));
    }

    [Fact]
    public async Task Rotation_metadata_swaps_the_displayed_size()
    {
        MediaInfo info = await media.Probe.ProbeAsync(clips.RotatedMp4, CancellationToken.None);

        Assert.Equal(90, info.Rotation);
        Assert.Equal((Clips.Height, Clips.Width), (info.Width, info.Height));
    }

    [Fact]
    public async Task Live_recorded_webm_without_a_duration_has_its_frames_counted()
    {
        // Written to a pipe, as a browser's MediaRecorder writes: no Duration element, no cues.
        string path = clips.PathFor("live.webm");
        File.WriteAllBytes(path, Tool.RunBytes("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{Clips.Width}x{Clips.Height}", "-framerate", "15",
            "-i", clips.RawFrames, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-f", "webm", "pipe:1"));
        Assert.False(Ffprobe.Streams(path).GetProperty("format").TryGetProperty("duration", out _));

        MediaInfo info = await media.Probe.ProbeAsync(path, CancellationToken.None);

        Assert.Equal(Clips.FrameCount, info.FrameCount);
        Assert.Equal(2.0, info.Duration.TotalSeconds, 3);
        var (frames, _, _) = await media.ExtractAllAsync(path);
        Assert.Equal(Clips.FrameCount, frames.Count);
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task One_image_gif_is_one_frame()
    {
        string path = clips.PathFor("still.gif");
        File.WriteAllBytes(path, HostileFiles.Gif(side: 1, frames: 1));

        MediaInfo info = await media.Probe.ProbeAsync(path, CancellationToken.None);

        Assert.Equal(1, info.FrameCount);
        Assert.Equal((1, 1), (info.Width, info.Height));
    }
}
