using System.Runtime.CompilerServices;
using Cartoon.Media.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Media.Tests;

[Collection(ClipsCollection.Name)]
public sealed class VideoMuxerTests(Clips clips)
{
    private static readonly FrameRate Rate = new(Clips.Fps, 1);
    private readonly MediaStack media = new();

    [Fact]
    public async Task Mp4_is_h264_yuv420p_faststart_with_the_frames_duration_and_audio_asked_for()
    {
        string output = clips.PathFor("out.mp4");

        MuxResult result = await media.Muxer.MuxAsync(SourceFrames(), new MuxRequest(VideoFormat.Mp4, Rate) { AudioSourcePath = clips.Mp4 },
            output, CancellationToken.None);

        var probe = Ffprobe.Streams(output);
        var video = Ffprobe.Video(probe);
        Assert.Equal("h264", Ffprobe.Text(video, "codec_name"));
        Assert.Equal("yuv420p", Ffprobe.Text(video, "pix_fmt"));
        Assert.Equal("bt709", Ffprobe.Text(video, "color_space"));
        Assert.Equal((Clips.Width, Clips.Height), ((int)Ffprobe.Number(video, "width"), (int)Ffprobe.Number(video, "height")));
        Assert.Equal(Clips.FrameCount, (int)Ffprobe.Number(video, "nb_frames"));
        Assert.Equal("15/1", Ffprobe.Text(video, "avg_frame_rate"));
        Assert.Equal(2.0, Ffprobe.Number(video, "duration"), 2);
        var audio = Ffprobe.Audio(probe);
        Assert.NotNull(audio);
        Assert.Equal("aac", Ffprobe.Text(audio.Value, "codec_name"));
        Assert.InRange(Ffprobe.Number(audio.Value, "duration"), 1.9, 2.1);
        List<string> boxes = Mp4Boxes.TopLevel(File.ReadAllBytes(output));
        Assert.True(boxes.IndexOf("moov") < boxes.IndexOf("mdat"), $"moov after mdat: {string.Join(' ', boxes)}");
        Assert.Equal(new MuxResult(Clips.FrameCount, Clips.Width, Clips.Height, new FileInfo(output).Length), result);
    }

    [Fact]
    public async Task Mp4_round_trips_frames_close_to_what_went_in()
    {
        string output = clips.PathFor("roundtrip.mp4");
        await media.Muxer.MuxAsync(SourceFrames(), new MuxRequest(VideoFormat.Mp4, Rate), output, CancellationToken.None);

        var (frames, _, info) = await media.ExtractAllAsync(output);

        Assert.Equal(Clips.FrameCount, frames.Count);
        Assert.False(info.HasAudio);
        using Image<Rgb24> source = clips.SourceFrame(17);
        Assert.True(Pixels.MeanAbsDiff(frames[17], source) < 4.0); // BT.709 both ways: no colour shift
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Odd_sized_frames_are_cropped_to_even_for_yuv420p()
    {
        string output = clips.PathFor("odd.mp4");

        MuxResult result = await media.Muxer.MuxAsync(SourceFrames((f, _) => f.Crop(new Rectangle(0, 0, 101, 75))),
            new MuxRequest(VideoFormat.Mp4, Rate), output, CancellationToken.None);

        var video = Ffprobe.Video(Ffprobe.Streams(output));
        Assert.Equal((100, 74), ((int)Ffprobe.Number(video, "width"), (int)Ffprobe.Number(video, "height")));
        Assert.Equal((100, 74), (result.Width, result.Height));
    }

    [Fact]
    public async Task Webm_is_vp9_with_opus_audio()
    {
        string output = clips.PathFor("out.webm");

        await media.Muxer.MuxAsync(SourceFrames(), new MuxRequest(VideoFormat.Webm, Rate) { AudioSourcePath = clips.Webm }, output, CancellationToken.None);

        var probe = Ffprobe.Streams(output, countFrames: true);
        var video = Ffprobe.Video(probe);
        Assert.Equal("vp9", Ffprobe.Text(video, "codec_name"));
        Assert.Equal("yuv420p", Ffprobe.Text(video, "pix_fmt"));
        Assert.Equal(Clips.FrameCount, (int)Ffprobe.Number(video, "nb_read_frames"));
        Assert.Equal("opus", Ffprobe.Text(Ffprobe.Audio(probe)!.Value, "codec_name"));
    }

    [Fact]
    public async Task Gif_loops_and_keeps_every_frame_without_audio()
    {
        string output = clips.PathFor("out.gif");

        await media.Muxer.MuxAsync(SourceFrames(), new MuxRequest(VideoFormat.Gif, Rate) { AudioSourcePath = clips.Mp4 }, output, CancellationToken.None);

        var probe = Ffprobe.Streams(output, countFrames: true);
        var video = Ffprobe.Video(probe);
        Assert.Equal("gif", Ffprobe.Text(video, "codec_name"));
        Assert.Equal(Clips.FrameCount, (int)Ffprobe.Number(video, "nb_read_frames"));
        Assert.Null(Ffprobe.Audio(probe));
        Assert.True(File.ReadAllBytes(output).AsSpan().IndexOf("NETSCAPE2.0"u8) > 0, "no loop extension");
        var (frames, _, _) = await media.ExtractAllAsync(output);
        using Image<Rgb24> source = clips.SourceFrame(9);
        Assert.True(Pixels.MeanAbsDiff(frames[9], source) < 6.0);
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Animated_webp_out_is_read_back_by_the_media_layer()
    {
        string output = clips.PathFor("out.webp");

        await media.Muxer.MuxAsync(SourceFrames(), new MuxRequest(VideoFormat.Webp, Rate), output, CancellationToken.None);

        Assert.Equal(MediaContainer.AnimatedWebp, await MediaSniffer.SniffFileAsync(output, CancellationToken.None));
        var (frames, _, info) = await media.ExtractAllAsync(output);
        Assert.Equal(Clips.FrameCount, frames.Count);
        Assert.Equal(Rate, info.FrameRate);
        using Image<Rgb24> source = clips.SourceFrame(25);
        Assert.True(Pixels.MeanAbsDiff(frames[25], source) < 6.0); // lossy at quality 80
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Stream_output_holds_the_same_video_as_a_file()
    {
        using var stream = new MemoryStream();

        MuxResult result = await media.Muxer.MuxAsync(SourceFrames(), new MuxRequest(VideoFormat.Mp4, Rate), stream, CancellationToken.None);

        string copy = clips.PathFor("from-stream.mp4");
        File.WriteAllBytes(copy, stream.ToArray());
        Assert.Equal(stream.Length, result.Bytes);
        Assert.Equal(Clips.FrameCount, (int)Ffprobe.Number(Ffprobe.Video(Ffprobe.Streams(copy)), "nb_frames"));
    }

    [Fact]
    public async Task A_frame_of_another_size_fails_the_mux_and_leaves_no_file()
    {
        string output = clips.PathFor("mixed.mp4");

        await Assert.ThrowsAsync<ArgumentException>(() => media.Muxer.MuxAsync(
            SourceFrames((f, i) => i == 3 ? f.Resize(80, 60) : f), new MuxRequest(VideoFormat.Mp4, Rate), output, CancellationToken.None));

        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_output_in_a_folder_that_does_not_exist_fails_with_ffmpegs_error()
    {
        string output = Path.Combine(clips.PathFor("missing"), "out.mp4");

        var error = await Assert.ThrowsAsync<FfmpegException>(() => media.Muxer.MuxAsync(
            SourceFrames(), new MuxRequest(VideoFormat.Mp4, Rate), output, CancellationToken.None));

        Assert.Contains("out.mp4", error.Message);
    }

    /// <summary>The clip's raw frames, each disposed once the muxer asks for the next (as the contract allows).</summary>
    private async IAsyncEnumerable<Image<Rgb24>> SourceFrames(
        Func<IImageProcessingContext, int, IImageProcessingContext>? change = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (int i = 0; i < Clips.FrameCount; i++)
        {
            using Image<Rgb24> frame = clips.SourceFrame(i);
            if (change is not null)
                frame.Mutate(x => change(x, i));
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return frame;
        }
    }
}
