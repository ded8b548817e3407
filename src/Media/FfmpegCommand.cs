namespace Cartoon.Media;

/// <summary>
/// One run of ffmpeg or ffprobe. <see cref="Arguments"/> go to the process one by one (never through a shell); the
/// runner puts <c>-hide_banner -loglevel error -nostdin</c> before them.
/// </summary>
/// <param name="Tool">Which program.</param>
/// <param name="Arguments">Its arguments, in order.</param>
/// <param name="Timeout">Wall-clock limit of the whole run; past it the process tree is killed.</param>
public sealed record FfmpegCommand(MediaTool Tool, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>
    /// Writes the process's stdin (e.g. raw frames for <c>-i pipe:0</c>); the runner closes stdin when it returns.
    /// Null: stdin is closed at once.
    /// </summary>
    public Func<Stream, CancellationToken, Task>? Stdin { get; init; }

    /// <summary>
    /// Reads stdout as it comes (e.g. raw frames from <c>pipe:1</c>); what it leaves unread is drained. Null: stdout is
    /// collected as text into <see cref="FfmpegResult.Stdout"/> (at most <see cref="FfmpegRunner.MaxCapturedStdoutChars"/>).
    /// </summary>
    public Func<Stream, CancellationToken, Task>? Stdout { get; init; }
}
