using System.Diagnostics;
using Cartoon.Media.Tests.Support;

namespace Cartoon.Media.Tests;

/// <summary>
/// Each hostile upload is refused with a status, a stable code and a reason, by the probe and the limits (headers
/// only) — never by decoding it.
/// </summary>
[Collection(ClipsCollection.Name)]
public sealed class HostileInputTests(Clips clips)
{
    private readonly MediaStack media = new();

    [Fact]
    public async Task Zero_length_file_is_refused_as_empty()
    {
        MediaRefusal refusal = await RefusalAsync(Write("empty.mp4", []));

        Assert.Equal((400, MediaRefusalCodes.Empty), (refusal.StatusCode, refusal.Code));
    }

    [Fact]
    public async Task Text_file_named_mp4_is_refused_as_unsupported()
    {
        MediaRefusal refusal = await RefusalAsync(Write("notes.mp4", "this is not a video, just text\n"u8.ToArray()));

        Assert.Equal((415, MediaRefusalCodes.UnsupportedFormat), (refusal.StatusCode, refusal.Code));
        Assert.Contains("content is checked", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_mp4_without_its_index_is_refused_as_invalid_with_ffmpegs_reason()
    {
        MediaRefusal refusal = await RefusalAsync(Write("cut.mp4", HostileFiles.Truncated(clips.Mp4, 0.5)));

        Assert.Equal((400, MediaRefusalCodes.InvalidMedia), (refusal.StatusCode, refusal.Code));
        Assert.Contains("moov atom not found", refusal.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(clips.Directory, refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_faststart_mp4_probes_but_extraction_refuses_it_as_ending_early()
    {
        string faststart = clips.PathFor("faststart.mp4");
        Tool.Run("ffmpeg", "-nostdin", "-i", clips.Mp4, "-c", "copy", "-movflags", "+faststart", "-y", faststart);
        string cut = Write("cut-faststart.mp4", HostileFiles.Truncated(faststart, 0.6));
        MediaInfo info = await media.Probe.ProbeAsync(cut, CancellationToken.None);
        Assert.Equal(Clips.FrameCount, info.FrameCount); // the header still promises every frame

        var ex = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            media.Extractor.ExtractAsync(cut, info, 8, (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(MediaRefusalCodes.InvalidMedia, ex.Refusal.Code);
        Assert.Contains("ends early", ex.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mp4_whose_header_claims_ten_hours_is_refused_as_too_long_without_decoding()
    {
        byte[] stretched = Mp4Boxes.StretchFirstTrack(File.ReadAllBytes(clips.Mp4), 18_000); // 2 s × 18 000 = 10 h
        string path = Write("ten-hours.mp4", stretched);
        var clock = Stopwatch.StartNew();

        MediaRefusal refusal = await RefusalAsync(path);

        Assert.Equal((413, MediaRefusalCodes.TooLong), (refusal.StatusCode, refusal.Code));
        Assert.Contains("36000 s", refusal.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"probing took {clock.Elapsed}");
    }

    [Fact]
    public async Task Gif_whose_header_claims_16000_by_16000_is_refused_as_too_large()
    {
        MediaRefusal refusal = await RefusalAsync(Write("huge.gif", HostileFiles.Gif(side: 16_000, frames: 3)));

        Assert.Equal((413, MediaRefusalCodes.FrameTooLarge), (refusal.StatusCode, refusal.Code));
        Assert.Contains("16000×16000", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_4k_clip_is_refused_by_the_default_frame_size_limit()
    {
        string path = clips.PathFor("4k.mp4");
        Tool.Run("ffmpeg", "-nostdin", "-f", "lavfi", "-i", "color=c=blue:s=4096x2304:r=1:d=1", "-frames:v", "1",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-y", path);

        MediaRefusal refusal = await RefusalAsync(path);

        Assert.Equal((413, MediaRefusalCodes.FrameTooLarge), (refusal.StatusCode, refusal.Code));
    }

    [Fact]
    public async Task Mjpeg_in_mov_is_refused_as_unsupported_codec()
    {
        string path = clips.PathFor("mjpeg.mov");
        Tool.Run("ffmpeg", "-nostdin", "-f", "lavfi", "-i", "testsrc=s=64x48:r=5:d=0.4", "-c:v", "mjpeg", "-y", path);

        MediaRefusal refusal = await RefusalAsync(path);

        Assert.Equal((415, MediaRefusalCodes.UnsupportedCodec), (refusal.StatusCode, refusal.Code));
        Assert.Contains("mjpeg", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_only_mp4_is_refused_for_having_no_video()
    {
        string path = clips.PathFor("audio.mp4");
        Tool.Run("ffmpeg", "-nostdin", "-f", "lavfi", "-i", "sine=duration=0.3", "-c:a", "aac", "-y", path);

        MediaRefusal refusal = await RefusalAsync(path);

        Assert.Equal((415, MediaRefusalCodes.NoVideoStream), (refusal.StatusCode, refusal.Code));
    }

    [Fact]
    public async Task Truncated_animated_webp_is_refused_as_invalid()
    {
        MediaRefusal refusal = await RefusalAsync(Write("cut.webp", HostileFiles.Truncated(clips.Webp, 0.5)));

        Assert.Equal((400, MediaRefusalCodes.InvalidMedia), (refusal.StatusCode, refusal.Code));
        Assert.Contains("truncated", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Animated_webp_with_a_corrupt_frame_probes_but_extraction_refuses_it()
    {
        string path = Write("corrupt.webp", HostileFiles.WebpWithCorruptFrame(clips.Webp));
        MediaInfo info = await media.Probe.ProbeAsync(path, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            media.Extractor.ExtractAsync(path, info, 8, (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Equal((400, MediaRefusalCodes.InvalidMedia), (ex.Refusal.StatusCode, ex.Refusal.Code));
        Assert.Contains("frame 0", ex.Refusal.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> LowLimits => new()
    {
        { "duration", 413, MediaRefusalCodes.TooLong },
        { "size", 413, MediaRefusalCodes.FrameTooLarge },
        { "rate", 413, MediaRefusalCodes.FrameRateTooHigh },
        { "frames", 413, MediaRefusalCodes.TooManyFrames },
        { "bytes", 413, MediaRefusalCodes.FileTooLarge },
    };

    /// <summary>Each limit fires on a real probe of the real clip when set just below it.</summary>
    [Theory]
    [MemberData(nameof(LowLimits))]
    public async Task Each_limit_refuses_the_clip_when_set_below_it(string limit, int status, string code)
    {
        var strict = new MediaStack(o =>
        {
            VideoLimits l = o.Limits;
            switch (limit)
            {
                case "duration": l.MaxDuration = TimeSpan.FromSeconds(1.5); break;
                case "size": (l.MaxFrameWidth, l.MaxFrameHeight) = (128, 96); break;
                case "rate": l.MaxFrameRate = 12; break;
                case "frames": l.MaxFrames = 29; break;
                case "bytes": l.MaxBytes = 1000; break;
            }
        });
        MediaInfo info = await strict.Probe.ProbeAsync(clips.Mp4, CancellationToken.None);

        MediaRefusal? refusal = strict.Options.Limits.Check(info);

        Assert.NotNull(refusal);
        Assert.Equal((status, code), (refusal.StatusCode, refusal.Code));
        // The extractor holds the line too, whatever its caller checked.
        var ex = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            strict.Extractor.ExtractAsync(clips.Mp4, info, 8, (_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Equal(code, ex.Refusal.Code);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = clips.PathFor(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The refusal from probing and then checking the limits, as the gateway will do.</summary>
    private async Task<MediaRefusal> RefusalAsync(string path)
    {
        try
        {
            MediaInfo info = await media.Probe.ProbeAsync(path, CancellationToken.None);
            return media.Options.Limits.Check(info) ?? throw new Xunit.Sdk.XunitException($"{path} was accepted: {info}");
        }
        catch (MediaRejectedException ex)
        {
            return ex.Refusal;
        }
    }
}
