using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Imaging;

/// <summary>A packed 8-bit RGB image (3 bytes per pixel, row-major): the pipeline's working format between the nets.</summary>
public sealed class PixelBuffer
{
    public PixelBuffer(int width, int height, byte[]? data = null)
    {
        Width = width;
        Height = height;
        Data = data ?? new byte[width * height * 3];
        if (Data.Length != width * height * 3)
            throw new ArgumentException("Pixel data does not match the size.", nameof(data));
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Data { get; }

    public static PixelBuffer From(Image<Rgb24> image)
    {
        var buffer = new PixelBuffer(image.Width, image.Height);
        image.CopyPixelDataTo(buffer.Data);
        return buffer;
    }

    /// <summary>
    /// An ImageSharp image over <see cref="Data"/> itself, no copy: for reading (resize source, encode). Dispose it before
    /// this buffer goes away; writes through it change <see cref="Data"/>. Images derived from it (a resize's clone)
    /// allocate from the engine's bounded pool (see <see cref="DecoderConfiguration.PoolMegabytes"/>).
    /// </summary>
    public Image<Rgb24> AsImage() => Image.WrapMemory<Rgb24>(DecoderConfiguration.Instance, Data.AsMemory(), Width, Height);

    /// <summary>Bilinear (triangle) resize, as cv2.resize's default in the reference pipeline.</summary>
    public PixelBuffer Resize(int width, int height)
    {
        if (width == Width && height == Height)
            return this;
        // The source is wrapped, not loaded: one copy per resize (out of the resized image) instead of two.
        using var source = AsImage();
        using var resized = source.Clone(c => c.Resize(width, height, KnownResamplers.Triangle));
        return From(resized);
    }
}
