namespace Cartoon.Cli.Video;

/// <summary>The engine failed a frame of a video: the whole video fails with that frame's reason.</summary>
internal sealed class VideoFrameFailedException(int frame, string reason, string message)
    : Exception($"frame {frame}: {message}")
{
    public string Reason { get; } = reason;
}
