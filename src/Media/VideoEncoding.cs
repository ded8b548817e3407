namespace Cartoon.Media;

/// <summary>Configuration section <c>Media:Encoding</c>: encoder settings of <see cref="VideoMuxer"/>.</summary>
public sealed class VideoEncoding
{
    /// <summary>
    /// libx264 preset. veryfast: cartoons are flat colours that compress well at any preset, and a worker encodes a
    /// whole minute of 1080p at <see cref="MediaOptions.Threads"/> threads.
    /// </summary>
    public string H264Preset { get; set; } = "veryfast";

    /// <summary>libx264 constant rate factor (0–51, lower is better; 18–23 is visually transparent to good).</summary>
    public int H264Crf { get; set; } = 20;

    /// <summary>libvpx-vp9 constant quality (0–63, lower is better).</summary>
    public int Vp9Crf { get; set; } = 32;

    /// <summary>libvpx-vp9 speed at deadline "good" (0–8, higher is faster).</summary>
    public int Vp9CpuUsed { get; set; } = 4;

    /// <summary>AAC (MP4) and Opus (WebM) bit rate of the carried-over audio track.</summary>
    public int AudioBitrateKbps { get; set; } = 128;

    /// <summary>libwebp quality of animated WebP output (0–100).</summary>
    public int WebpQuality { get; set; } = 80;
}
