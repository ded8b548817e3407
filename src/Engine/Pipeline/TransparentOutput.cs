using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Pipeline;

/// <summary>
/// The result of an input with transparency, in a format that carries alpha (PNG, WebP): the input's alpha at the
/// output size over the cartoon with the white of the flattening taken back out of its edges. JPEG results stay flat.
/// </summary>
internal static class TransparentOutput
{
    /// <summary>
    /// Whether <paramref name="item"/>'s result gets its alpha back (else it stays flattened onto white). JPEG has no alpha
    /// and Raw is RGB24 by definition (video frames, decoded opaque): both stay flattened.
    /// </summary>
    public static bool Keeps(WorkItem item) => item.Alpha is not null && item.Request.Parameters.Format is OutputFormat.Png or OutputFormat.Webp;

    /// <param name="flattened">The result at the output size, still flattened onto white as the nets saw it.</param>
    public static byte[] Encode(PixelBuffer flattened, AlphaPlane alpha, CartoonParameters options)
    {
        var plane = alpha.Resize(flattened.Width, flattened.Height);
        var rgba = Unflattening.ToRgba(flattened, plane);
        using var image = Image.WrapMemory<Rgba32>(DecoderConfiguration.Instance, rgba.AsMemory(), flattened.Width, flattened.Height);
        return ImageEncoder.Encode(image, options.Format, options.Quality);
    }
}
