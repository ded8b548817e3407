using System.Diagnostics;

namespace Cartoon.Media.Tests.Support;

/// <summary>
/// Runs ffmpeg/ffprobe for the tests' own inputs and checks, independently of <see cref="FfmpegRunner"/> (the code
/// under test must not make the fixtures it is judged by).
/// </summary>
internal static class Tool
{
    public static string Run(string tool, params string[] arguments) => Run(tool, null, arguments);

    /// <summary>Runs to its end (60 s at most) and returns stdout; throws with stderr on a non-zero exit.</summary>
    public static string Run(string tool, byte[]? stdin, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-hide_banner", "-loglevel", "error", .. arguments])
            info.ArgumentList.Add(argument);
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish.");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>Raw bytes of ffmpeg's stdout (e.g. <c>-f rawvideo pipe:1</c>).</summary>
    public static byte[] RunBytes(params string[] arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", .. arguments])
            info.ArgumentList.Add(argument);
        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        return output.ToArray();
    }
}
