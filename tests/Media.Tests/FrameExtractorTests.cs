using Cartoon.Media.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Media.Tests;

[Collection(ClipsCollection.Name)]
public sealed class FrameExtractorTests(Clips clips)
{
    private readonly MediaStack media = new();

    [Fact]
    public async Task Mp4_yields_every_frame_in_chunks_in_order_as_ffmpeg_decodes_them()
    {
        var (frames, starts, info) = await media.ExtractAllAsync(clips.Mp4, framesPerChunk: 8);

        Assert.Equal(info.FrameCount, frames.Count);
        Assert.Equal([0, 8, 16, 24], starts);
        Assert.All(frames, f => Assert.Equal((Clips.Width, Clips.Height), (f.Width, f.Height)));
        foreach (int index in new[] { 0, 13, 29 })
        {
            using Image<Rgb24> reference = Pixels.FfmpegFrame(clips.Mp4, index);
            Assert.True(Pixels.MeanAbsDiff(frames[index], reference) < 1.0, $"frame {index} differs from ffmpeg's own decoding");
        }

        // And it is the source, through a lossy codec: near, and nearer to its own frame than to the next.
        using Image<Rgb24> source = clips.SourceFrame(13), previous = clips.SourceFrame(12), next = clips.SourceFrame(14);
        double own = Pixels.MeanAbsDiff(frames[13], source);
        Assert.True(own < 6.0, $"frame 13 is {own} from its source");
        Assert.True(own < Pixels.MeanAbsDiff(frames[13], previous) && own < Pixels.MeanAbsDiff(frames[13], next), "frame 13 is not nearest its own source");
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Rotated_mp4_frames_come_out_turned_for_display()
    {
        var (rotated, _, info) = await media.ExtractAllAsync(clips.RotatedMp4);
        var (upright, _, _) = await media.ExtractAllAsync(clips.Mp4);

        Assert.Equal(Clips.FrameCount, rotated.Count);
        Assert.Equal((Clips.Height, Clips.Width), (rotated[0].Width, rotated[0].Height));
        // 90° counter-clockwise, done here by ImageSharp (270° clockwise) on the unrotated clip's frame.
        using Image<Rgb24> turned = upright[5].Clone(x => x.Rotate(RotateMode.Rotate270));
        Assert.True(Pixels.MeanAbsDiff(rotated[5], turned) < 1.0);
        using Image<Rgb24> wrongWay = upright[5].Clone(x => x.Rotate(RotateMode.Rotate90));
        Assert.True(Pixels.MeanAbsDiff(rotated[5], wrongWay) > 10.0);
        Assert.Equal(90, info.Rotation);
        rotated.ForEach(f => f.Dispose());
        upright.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Webm_yields_the_probed_frame_count()
    {
        var (frames, _, info) = await media.ExtractAllAsync(clips.Webm);

        Assert.Equal(info.FrameCount, frames.Count);
        Assert.Equal(Clips.FrameCount, frames.Count);
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Gif_yields_every_frame_near_its_source()
    {
        var (frames, _, info) = await media.ExtractAllAsync(clips.Gif);

        Assert.Equal(info.FrameCount, frames.Count);
        Assert.Equal(Clips.FrameCount, frames.Count);
        using Image<Rgb24> source = clips.SourceFrame(20);
        Assert.True(Pixels.MeanAbsDiff(frames[20], source) < 6.0); // 256 colours, dithered
        frames.ForEach(f => f.Dispose());
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 255)]
    public async Task Transparent_gif_pixels_are_flattened_onto_white(bool transparent, byte expected)
    {
        string path = clips.PathFor("transparent.gif");
        File.WriteAllBytes(path, HostileFiles.Gif(side: 2, frames: 2, transparent));

        var (frames, _, _) = await media.ExtractAllAsync(path);

        Assert.Equal(2, frames.Count);
        Assert.Equal(new Rgb24(expected, expected, expected), frames[1][0, 0]);
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Gif_delays_become_a_constant_rate_and_the_last_frame_keeps_its_hold()
    {
        // Black 10 cs, white 10 cs, black held 50 cs: 10 fps, 7 frames (ffmpeg's own -fps_mode cfr would drop the hold).
        string path = clips.PathFor("hold.gif");
        File.WriteAllBytes(path, HostileFiles.Gif(side: 1, frames: 3, delaysCs: [10, 10, 50], alternate: true));

        var (frames, _, info) = await media.ExtractAllAsync(path);

        Assert.Equal(new FrameRate(10, 1), info.FrameRate);
        Assert.Equal(0.7, info.Duration.TotalSeconds, 3);
        Assert.Equal(7, info.FrameCount);
        Assert.Equal([0, 255, 0, 0, 0, 0, 0], frames.Select(f => (int)f[0, 0].R));
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Lossless_animated_webp_yields_exactly_the_source_frames()
    {
        var (frames, starts, info) = await media.ExtractAllAsync(clips.Webp, framesPerChunk: 7);

        Assert.Equal(Clips.FrameCount, frames.Count);
        Assert.Equal([0, 7, 14, 21, 28], starts);
        // libwebp_anim stores most frames as sub-rectangles blended onto the previous canvas: equal pixels prove
        // the compositing, not just the decoding.
        for (int i = 0; i < frames.Count; i++)
        {
            using Image<Rgb24> source = clips.SourceFrame(i);
            Assert.Equal(Pixels.Bytes(source), Pixels.Bytes(frames[i]));
        }

        Assert.Equal(new FrameRate(15, 1), info.FrameRate);
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Animated_webp_with_variable_delays_is_resampled_to_its_shortest_delay()
    {
        // 100, 300, 100, 300, ... ms over 30 frames: 6 s at 10 fps, each long frame shown three times.
        string path = clips.PathFor("variable.webp");
        File.WriteAllBytes(path, HostileFiles.WebpWithDelays(clips.Webp, [100, 300]));

        var (frames, _, info) = await media.ExtractAllAsync(path);

        Assert.Equal(new FrameRate(10, 1), info.FrameRate);
        Assert.Equal(60, info.FrameCount);
        Assert.Equal(60, frames.Count);
        Assert.Equal(6.0, info.Duration.TotalSeconds, 3);
        int[] expectedSource = [0, 1, 1, 1, 2, 3, 3, 3];
        for (int k = 0; k < expectedSource.Length; k++)
        {
            using Image<Rgb24> source = clips.SourceFrame(expectedSource[k]);
            Assert.Equal(Pixels.Bytes(source), Pixels.Bytes(frames[k]));
        }

        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task A_tiny_timeout_kills_ffmpeg_and_says_so()
    {
        var hurried = new MediaStack(o => o.ExtractTimeout = TimeSpan.FromMilliseconds(1));
        MediaInfo info = await hurried.Probe.ProbeAsync(clips.Mp4, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<FfmpegException>(() =>
            hurried.Extractor.ExtractAsync(clips.Mp4, info, 8, (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.True(ex.TimedOut);
        Assert.Contains("timeout and was killed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consumer_that_throws_stops_the_extraction_with_its_own_exception()
    {
        MediaInfo info = await media.Probe.ProbeAsync(clips.Mp4, CancellationToken.None);
        int chunks = 0;

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => media.Extractor.ExtractAsync(clips.Mp4, info, 4, (_, _) =>
        {
            chunks++;
            throw new InvalidOperationException("storage is down");
        }, CancellationToken.None));

        Assert.Equal("storage is down", ex.Message);
        Assert.Equal(1, chunks);
    }
}
