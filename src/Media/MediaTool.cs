namespace Cartoon.Media;

/// <summary>The FFmpeg programs <see cref="FfmpegRunner"/> runs.</summary>
public enum MediaTool
{
    Ffmpeg,
    Ffprobe,
}
