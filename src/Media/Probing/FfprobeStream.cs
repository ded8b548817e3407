namespace Cartoon.Media.Probing;

/// <summary>One stream of ffprobe's output, the fields the probe reads.</summary>
internal sealed record FfprobeStream(
    int Index,
    string CodecType,
    string CodecName,
    int Width,
    int Height,
    string? AverageFrameRate,
    string? BaseFrameRate,
    double? Duration,
    long? FrameCount,
    double? Rotation,
    bool AttachedPicture,
    long? ReadPackets);
