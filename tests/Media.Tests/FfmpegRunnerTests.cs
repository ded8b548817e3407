using System.Diagnostics;
using Cartoon.Media.Tests.Support;

namespace Cartoon.Media.Tests;

[Collection(ClipsCollection.Name)]
public sealed class FfmpegRunnerTests(Clips clips)
{
    private readonly MediaStack media = new();

    // An endless source: ffmpeg only stops when killed.
    private static readonly string[] Endless = ["-re", "-f", "lavfi", "-i", "testsrc=s=32x32:r=10", "-f", "null", "-"];

    [Fact]
    public async Task Timeout_kills_the_process_and_reports_it()
    {
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<FfmpegException>(() =>
            media.Runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg, Endless, TimeSpan.FromMilliseconds(500)), CancellationToken.None));

        Assert.True(ex.TimedOut);
        Assert.Null(ex.ExitCode);
        Assert.Contains("ffmpeg ran past its 0.5 s timeout and was killed", ex.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_kills_the_process_and_throws_cancelled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            media.Runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg, Endless, TimeSpan.FromMinutes(1)), cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Failure_carries_the_exit_code_and_stderr_tail()
    {
        var ex = await Assert.ThrowsAsync<FfmpegException>(() => media.Runner.RunAsync(
            new FfmpegCommand(MediaTool.Ffmpeg, ["-i", clips.PathFor("missing.mp4"), "-f", "null", "-"], TimeSpan.FromSeconds(30)), CancellationToken.None));

        Assert.Equal(1, ex.ExitCode);
        Assert.Contains("No such file or directory", ex.StderrTail, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_reach_ffmpeg_verbatim_without_a_shell()
    {
        // Spaces, quotes, a semicolon and $(...) would all mean something to a shell.
        string output = Path.Combine(clips.Directory, "a b'; touch pwned $(id).mp4");

        await media.Runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg,
            ["-f", "lavfi", "-i", "color=s=16x16:d=0.2", "-c:v", "libx264", "-y", output], TimeSpan.FromSeconds(30)), CancellationToken.None);

        Assert.True(File.Exists(output));
        Assert.False(File.Exists(Path.Combine(clips.Directory, "pwned")));
    }

    [Fact]
    public async Task Memory_cap_applies_and_is_named_in_the_failure()
    {
        // 200 MiB of address space: not even enough for ffmpeg's libraries and a 4096×4096 frame.
        var capped = new MediaStack(o => o.MemoryLimitBytes = 200L * 1024 * 1024);

        var ex = await Assert.ThrowsAsync<FfmpegException>(() => capped.Runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg,
            ["-f", "lavfi", "-i", "color=s=4096x4096:d=0.1", "-f", "null", "-"], TimeSpan.FromSeconds(30)), CancellationToken.None));

        Assert.NotEqual(0, ex.ExitCode);
        Assert.Contains("address space capped at 200 MiB", ex.Message, StringComparison.Ordinal);
        // The same command runs under the default cap.
        await media.Runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg,
            ["-f", "lavfi", "-i", "color=s=4096x4096:d=0.1", "-f", "null", "-"], TimeSpan.FromSeconds(30)), CancellationToken.None);
    }

    [Fact]
    public async Task Stdin_and_stdout_pipe_raw_frames_through()
    {
        byte[] input = new byte[4 * 4 * 3 * 5];
        Random.Shared.NextBytes(input);
        using var received = new MemoryStream();

        await media.Runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg,
            ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "4x4", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], TimeSpan.FromSeconds(30))
        {
            Stdin = (stdin, ct) => stdin.WriteAsync(input, ct).AsTask(),
            Stdout = (stdout, ct) => stdout.CopyToAsync(received, ct),
        }, CancellationToken.None);

        Assert.Equal(input, received.ToArray());
    }
}
