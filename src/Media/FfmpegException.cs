namespace Cartoon.Media;

/// <summary>ffmpeg or ffprobe failed: it would not start, exited non-zero, or ran past its timeout and was killed.</summary>
public sealed class FfmpegException : Exception
{
    public FfmpegException(MediaTool tool, string message, int? exitCode, bool timedOut, string stderrTail, Exception? inner = null)
        : base(Compose(message, stderrTail), inner)
    {
        Tool = tool;
        ExitCode = exitCode;
        TimedOut = timedOut;
        StderrTail = stderrTail;
    }

    public MediaTool Tool { get; }

    /// <summary>Null when the process never started or was killed.</summary>
    public int? ExitCode { get; }

    public bool TimedOut { get; }

    /// <summary>The last lines the process wrote to stderr (its error messages at <c>-loglevel error</c>).</summary>
    public string StderrTail { get; }

    private static string Compose(string message, string stderrTail) =>
        string.IsNullOrWhiteSpace(stderrTail) ? message : $"{message} stderr: {stderrTail.Trim()}";
}
