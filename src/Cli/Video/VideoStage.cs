using Cartoon.Contracts;

namespace Cartoon.Cli.Video;

/// <summary>Where a video conversion's wall time goes, as <see cref="VideoStageClock"/> splits it.</summary>
internal enum VideoStage
{
    /// <summary>Waiting for the extractor's next chunk (ffmpeg decoding, frames made).</summary>
    Extract,

    /// <summary>Frames copied into the engine's pixel buffers, and its outputs turned back into frames.</summary>
    Frames,

    /// <summary>The engine's face detection over the chunk.</summary>
    Detect,

    /// <summary>The face tracker over the chunk's detections.</summary>
    Track,

    /// <summary>The engine's group call over the chunk (nets, paste-back, output).</summary>
    Cartoonize,

    /// <summary>Waiting for the muxer: handing it frames while it is behind, and its finish after the last chunk.</summary>
    Mux,
}

internal static class VideoStageNames
{
    /// <summary>The item stage a video stage is reported as (as a worker reports a video item's).</summary>
    public static string ItemStage(this VideoStage stage) => stage switch
    {
        VideoStage.Extract => ItemStages.Decoding,
        VideoStage.Mux => ItemStages.Encoding,
        _ => ItemStages.Inferring,
    };
}
