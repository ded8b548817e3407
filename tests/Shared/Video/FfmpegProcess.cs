using System.Diagnostics;

namespace Cartoon.Tests.Shared.Video;

/// <summary>
/// Runs the real ffmpeg/ffprobe for test inputs and checks, independently of the media layer under test (the code
/// being judged must not make its own fixtures or be its own judge).
/// </summary>
public static class FfmpegProcess
{
    /// <summary>Runs to its end (120 s at most) and returns stdout; throws with stderr on a non-zero exit.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", .. arguments])
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
