using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Tests.Support;

/// <summary>Real portraits turned into the inputs each item warning is about: transparent, animated, wide-gamut, tiny faces.</summary>
public static class WarningInputs
{
    /// <summary>The astronaut as RGBA with everything outside a centred disc fully transparent (a cut-out).</summary>
    public static byte[] CutOutPng(bool transparent)
    {
        using var image = Image.Load<Rgba32>(TestPaths.Sample(TestPaths.Astronaut));
        var (cx, cy, r) = (image.Width / 2f, image.Height / 2f, image.Width * 0.45f);
        if (transparent)
        {
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > r * r)
                            row[x].A = 0;
                }
            });
        }
        using var ms = new MemoryStream();
        image.SaveAsPng(ms, new SixLabors.ImageSharp.Formats.Png.PngEncoder { ColorType = SixLabors.ImageSharp.Formats.Png.PngColorType.RgbWithAlpha });
        return ms.ToArray();
    }

    /// <summary>A GIF of the astronaut with <paramref name="frames"/> frames (the later ones mirrored).</summary>
    public static byte[] Gif(int frames)
    {
        using var image = TestImages.Load(TestPaths.Astronaut);
        for (var i = 1; i < frames; i++)
        {
            using var next = image.Clone(c => c.Flip(FlipMode.Horizontal));
            image.Frames.AddFrame(next.Frames.RootFrame);
        }
        using var ms = new MemoryStream();
        image.SaveAsGif(ms, new GifEncoder());
        return ms.ToArray();
    }

    /// <summary>The portrait as a JPEG that embeds an RGB display profile described as <paramref name="description"/>.</summary>
    public static byte[] JpegWithProfile(string description)
    {
        using var image = TestImages.Load(TestPaths.Portrait);
        image.Metadata.IccProfile = new IccProfile(IccV2(description));
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms, new JpegEncoder { Quality = 92 });
        return ms.ToArray();
    }

    /// <summary>The astronaut shrunk to <paramref name="side"/> px in the middle of a grey 720² canvas: one small face.</summary>
    public static byte[] SmallFace(int side)
    {
        using var face = TestImages.Load(TestPaths.Astronaut);
        face.Mutate(c => c.Resize(side, side));
        using var canvas = new Image<Rgb24>(720, 720, new Rgb24(128, 128, 128));
        canvas.Mutate(c => c.DrawImage(face, new Point((720 - side) / 2, (720 - side) / 2), 1f));
        return TestImages.Png(canvas);
    }

    /// <summary>
    /// A minimal ICC v2 display profile: the 128-byte header (size, 'mntr', 'RGB ', 'XYZ ', 'acsp') and one tag, a
    /// textDescriptionType 'desc' with the given ASCII description.
    /// </summary>
    public static byte[] IccV2(string description)
    {
        var ascii = Encoding.ASCII.GetBytes(description + "\0");
        var tag = new byte[12 + ascii.Length + 4 + 4 + 2 + 1 + 67];
        "desc"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(8), (uint)ascii.Length);
        ascii.CopyTo(tag, 12);
        return Profile("desc"u8, tag);
    }

    /// <summary>A v4-style 'desc' tag (multiLocalizedUnicodeType, one en-US record in UTF-16BE).</summary>
    public static byte[] IccV4(string description)
    {
        var text = Encoding.BigEndianUnicode.GetBytes(description);
        var tag = new byte[16 + 12 + text.Length];
        "mluc"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(12), 12);
        "enUS"u8.CopyTo(tag.AsSpan(16));
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(20), (uint)text.Length);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(24), 28);
        text.CopyTo(tag, 28);
        return Profile("desc"u8, tag);
    }

    private static byte[] Profile(ReadOnlySpan<byte> signature, byte[] tag)
    {
        const int tagOffset = 128 + 4 + 12;
        var icc = new byte[tagOffset + tag.Length];
        BinaryPrimitives.WriteUInt32BigEndian(icc, (uint)icc.Length);
        BinaryPrimitives.WriteUInt32BigEndian(icc.AsSpan(8), 0x02100000);
        "mntr"u8.CopyTo(icc.AsSpan(12));
        "RGB "u8.CopyTo(icc.AsSpan(16));
        "XYZ "u8.CopyTo(icc.AsSpan(20));
        "acsp"u8.CopyTo(icc.AsSpan(36));
        BinaryPrimitives.WriteUInt32BigEndian(icc.AsSpan(128), 1);
        signature.CopyTo(icc.AsSpan(132));
        BinaryPrimitives.WriteUInt32BigEndian(icc.AsSpan(136), tagOffset);
        BinaryPrimitives.WriteUInt32BigEndian(icc.AsSpan(140), (uint)tag.Length);
        tag.CopyTo(icc, tagOffset);
        return icc;
    }
}
