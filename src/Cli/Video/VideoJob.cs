using Cartoon.Engine;
using Cartoon.Media;

namespace Cartoon.Cli.Video;

/// <summary>One video to convert.</summary>
/// <param name="Input">The source file (also the audio carried over).</param>
/// <param name="Info">Its probe, within the limits.</param>
/// <param name="Parameters">Style, strength, size and detail, as for a picture (the frame format is the converter's).</param>
/// <param name="Format">What to write.</param>
/// <param name="FramesPerChunk">Frames per chunk: one detector call and one group call each.</param>
/// <param name="OutputPath">Where to write it.</param>
internal sealed record VideoJob(string Input, MediaInfo Info, CartoonParameters Parameters, VideoFormat Format, int FramesPerChunk, string OutputPath);
