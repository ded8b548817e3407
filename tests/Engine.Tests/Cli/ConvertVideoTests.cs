using Cartoon.Cli;
using Cartoon.Cli.Video;
using Cartoon.Media;

namespace Cartoon.Engine.Tests.Cli;

/// <summary>
/// `cartoon convert` with videos: clips made by ffmpeg from the sample portrait (160×120, 18 frames at 12 fps, 1.5 s),
/// converted by the real CLI with the real models and media layer on the CPU, and judged by ffprobe.
/// </summary>
public sealed class ConvertVideoTests : IDisposable
{
    private const int Width = 160, Height = 120, Frames = 18, Fps = 12;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cartoon-cli-video-");

    [Fact]
    public async Task A_clip_and_a_picture_in_one_call_are_both_converted_the_clip_with_its_frames_duration_audio_and_size()
    {
        var clip = PortraitClip.Mp4(TestPaths.Sample(TestPaths.Portrait), In("clip.mp4"), Width, Height, Frames, Fps);

        var (code, stdout, stderr) = await Run(clip, TestPaths.Sample(TestPaths.Astronaut), "--out", Out, "--max-batch", "8");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("1/1 images", stdout);
        Assert.Contains($"1/1 videos, {Frames} frames", stdout);
        Assert.Contains("device cpu", stdout);
        Assert.True(File.Exists(Path.Combine(Out, "astronaut_eileen_collins_nasa.png")));
        var result = ProbedClip.Read(Path.Combine(Out, "clip.mp4"));
        var source = ProbedClip.Read(clip);
        Assert.Equal(("h264", Width, Height, Frames), (result.VideoCodec, result.Width, result.Height, result.Frames));
        Assert.Equal(source.Duration, result.Duration, 0.1);
        Assert.Equal("aac", result.AudioCodec);
        // Cartoonized, not copied: the frames are far from the source's (a re-encode alone moves them by a level or two).
        Assert.True(MeanDifference(ProbedClip.FrameRgb(clip, 5), ProbedClip.FrameRgb(Path.Combine(Out, "clip.mp4"), 5)) > 8);
    }

    [Fact]
    public async Task An_animated_gif_becomes_an_animated_gif_with_its_frames_at_the_size_max_side_asks()
    {
        var gif = PortraitClip.Gif(TestPaths.Sample(TestPaths.Portrait), In("loop.gif"), Width, Height, Frames, Fps);

        var (code, stdout, stderr) = await Run(gif, "--out", Out, "--max-side", "80", "--max-batch", "5");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains($"1/1 videos, {Frames} frames", stdout);
        Assert.False(File.Exists(Path.Combine(Out, "loop.png")));
        var result = ProbedClip.Read(Path.Combine(Out, "loop.gif"));
        Assert.Equal(("gif", 80, 60, Frames), (result.VideoCodec, result.Width, result.Height, result.Frames));
    }

    [Fact]
    public async Task A_still_gif_stays_a_picture()
    {
        var still = PortraitClip.Gif(TestPaths.Sample(TestPaths.Portrait), In("still.gif"), Width, Height, frames: 1, Fps);

        var (code, stdout, _) = await Run(still, "--out", Out);

        Assert.Equal(0, code);
        Assert.Contains("1/1 images", stdout);
        Assert.DoesNotContain("videos", stdout);
        Assert.True(File.Exists(Path.Combine(Out, "still.png")));
    }

    [Fact]
    public async Task A_file_named_as_a_video_that_is_none_fails_with_the_reason_and_the_other_inputs_are_still_converted()
    {
        var notes = In("notes.mp4");
        File.WriteAllText(notes, "These are not frames.\n");
        var gif = PortraitClip.Gif(TestPaths.Sample(TestPaths.Portrait), In("loop.gif"), Width, Height, Frames, Fps);

        var (code, stdout, stderr) = await Run(notes, gif, TestPaths.Sample(TestPaths.Astronaut), "--out", Out, "--max-side", "80");

        Assert.Equal(1, code);
        Assert.Contains($"failed: {notes}: {MediaRefusalCodes.UnsupportedFormat}: Not a video", stderr);
        Assert.Contains("1/2 videos", stdout);
        Assert.Contains("1/1 images", stdout);
        Assert.Equal(Frames, ProbedClip.Read(Path.Combine(Out, "loop.gif")).Frames);
        Assert.True(File.Exists(Path.Combine(Out, "astronaut_eileen_collins_nasa.png")));
        Assert.False(File.Exists(Path.Combine(Out, "notes.mp4")));
    }

    [Fact]
    public async Task A_truncated_clip_is_refused_with_the_media_layer_reason_and_leaves_no_output()
    {
        var clip = PortraitClip.Mp4(TestPaths.Sample(TestPaths.Portrait), In("whole.mp4"), Width, Height, Frames, Fps);
        var cut = In("cut.mp4");
        var bytes = File.ReadAllBytes(clip);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var (code, _, stderr) = await Run(cut, "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains($"failed: {cut}: {MediaRefusalCodes.InvalidMedia}: ", stderr);
        Assert.False(File.Exists(Path.Combine(Out, "cut.mp4")));
    }

    [Theory]
    [InlineData(MediaContainer.Mp4, null, VideoFormat.Mp4)]
    [InlineData(MediaContainer.Matroska, null, VideoFormat.Mp4)]
    [InlineData(MediaContainer.Gif, null, VideoFormat.Gif)]
    [InlineData(MediaContainer.AnimatedWebp, null, VideoFormat.Webp)]
    [InlineData(MediaContainer.Gif, VideoFormat.Mp4, VideoFormat.Mp4)]
    [InlineData(MediaContainer.Mp4, VideoFormat.Webm, VideoFormat.Webm)]
    public void A_video_keeps_its_kind_of_format_unless_one_is_asked(MediaContainer source, VideoFormat? asked, VideoFormat expected) =>
        Assert.Equal(expected, VideoFormats.For(source, asked));

    [Fact]
    public void The_video_format_option_takes_the_four_formats_only()
    {
        foreach (var format in new[] { "mp4", "webm", "gif", "webp" })
            Assert.Empty(ConvertCommand.Build().Parse(["convert", "a.mp4", "--out", Out, "--video-format", format]).Errors);
        Assert.NotEmpty(ConvertCommand.Build().Parse(["convert", "a.mp4", "--out", Out, "--video-format", "avi"]).Errors);
    }

    private string Out => Path.Combine(_work.FullName, "out");

    private string In(string name) => Path.Combine(_work.FullName, name);

    private static double MeanDifference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var parse = ConvertCommand.Build().Parse(["convert", .. args, "--device", "cpu"]);
        Assert.Empty(parse.Errors);
        var code = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => _work.Delete(recursive: true);
}
