using Cartoon.Engine;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Cli.Video;

/// <summary>How a frame's cartoon comes back from the engine and becomes a frame for the muxer again.</summary>
internal static class CartoonFrames
{
    /// <summary>
    /// The output format frames are asked in. PNG: lossless, and the engine has no raw output yet.
    /// TODO: OutputFormat.Raw (packed RGB24, being added to the engine) — set it here, the one change: <see cref="ToFrame"/>
    /// then loads the pixels as they are, without a PNG encode and decode per frame.
    /// </summary>
    public const OutputFormat Format = OutputFormat.Png;

    public static Image<Rgb24> ToFrame(CartoonResult result) => result.Format is OutputFormat.Png or OutputFormat.Jpeg or OutputFormat.Webp
        ? Image.Load<Rgb24>(result.Output)
        : Image.LoadPixelData<Rgb24>(result.Output, result.Width, result.Height);
}
