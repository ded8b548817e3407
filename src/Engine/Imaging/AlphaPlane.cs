using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// The straight alpha of an input with real transparency, one byte per pixel (row-major), beside the white-flattened
/// colours the nets see. Only inputs with some pixel under 255 carry one: an opaque photo pays nothing for it.
/// </summary>
public sealed class AlphaPlane
{
    public AlphaPlane(int width, int height, byte[]? data = null)
    {
        Width = width;
        Height = height;
        Data = data ?? new byte[width * height];
        if (Data.Length != width * height)
            throw new ArgumentException("Alpha data does not match the size.", nameof(data));
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Data { get; }

    /// <summary>The alpha channel of <paramref name="image"/>, as stored (before any orientation).</summary>
    internal static AlphaPlane Of(Image<Rgba32> image)
    {
        var plane = new AlphaPlane(image.Width, image.Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var target = plane.Data.AsSpan(y * plane.Width, plane.Width);
                for (var x = 0; x < row.Length; x++)
                    target[x] = row[x].A;
            }
        });
        return plane;
    }

    /// <summary>Turned by the same EXIF orientation as the colour pixels, so that both stay registered.</summary>
    internal AlphaPlane Upright(ushort orientation)
    {
        if (orientation is <= ExifOrientation.Upright or > 8)
            return this;
        using var source = AsImage();
        using var upright = source.Clone();
        ExifOrientation.Apply(upright, orientation);
        return From(upright);
    }

    /// <summary>
    /// The same triangle kernel as the colour resize (<see cref="PixelBuffer.Resize"/>), for two reasons: the alpha edge
    /// stays where the colour edge is, which the un-flattening at the edges relies on; and a kernel without negative
    /// lobes cannot ring, so a bicubic or Lanczos overshoot never turns opaque pixels next to a hard cut-out edge
    /// translucent, or transparent ones faintly visible. ImageSharp widens the kernel when shrinking, so a smaller output
    /// averages every covered pixel rather than sampling.
    /// </summary>
    public AlphaPlane Resize(int width, int height)
    {
        if (width == Width && height == Height)
            return this;
        using var source = AsImage();
        using var resized = source.Clone(c => c.Resize(width, height, KnownResamplers.Triangle));
        return From(resized);
    }

    /// <summary>An ImageSharp view over <see cref="Data"/> (no copy), as <see cref="PixelBuffer.AsImage"/>.</summary>
    private Image<L8> AsImage() => Image.WrapMemory<L8>(DecoderConfiguration.Instance, Data.AsMemory(), Width, Height);

    private static AlphaPlane From(Image<L8> image)
    {
        var plane = new AlphaPlane(image.Width, image.Height);
        image.CopyPixelDataTo(plane.Data);
        return plane;
    }
}
