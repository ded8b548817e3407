using Cartoon.Engine;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Cli.Video;

/// <summary>How a frame's cartoon comes back from the engine and becomes a frame for the muxer again.</summary>
internal static class CartoonFrames
{
    /// <summary>
    /// The output format frames are asked in: the packed RGB24 pixels, so a frame costs no PNG encode and decode on its
    /// way to the muxer.
    /// </summary>
    public const OutputFormat Format = OutputFormat.Raw;

    public static Image<Rgb24> ToFrame(CartoonResult result) => result.Format is OutputFormat.Png or OutputFormat.Jpeg or OutputFormat.Webp
        ? Image.Load<Rgb24>(result.Output)
        : Image.LoadPixelData<Rgb24>(result.Output, result.Width, result.Height);
}
