using Cartoon.Media;

namespace Cartoon.Cli.Video;

/// <summary>What converting one video did.</summary>
/// <param name="Output">The file written.</param>
/// <param name="Frames">Frames cartoonized and muxed.</param>
/// <param name="Faces">Distinct faces followed through the clip (track ids).</param>
/// <param name="Elapsed">Wall time from the first chunk asked for to the muxer's end.</param>
/// <param name="Stages">Where that time went (adds up to it).</param>
/// <param name="NetMilliseconds">Time in the nets' passes of the group calls (inside <see cref="VideoStage.Cartoonize"/>).</param>
/// <param name="Mux">What the muxer wrote.</param>
internal sealed record VideoConversion(
    string Output, int Frames, int Faces, TimeSpan Elapsed, IReadOnlyDictionary<VideoStage, TimeSpan> Stages, double NetMilliseconds, MuxResult Mux)
{
    public double FramesPerSecond => Frames / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
