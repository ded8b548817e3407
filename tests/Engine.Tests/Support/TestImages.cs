using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Tests.Support;

public static class TestImages
{
    public static byte[] SampleBytes(string name) => File.ReadAllBytes(TestPaths.Sample(name));

    public static Image<Rgb24> Load(string name) => Image.Load<Rgb24>(TestPaths.Sample(name));

    public static Image<Rgb24> Decode(byte[] bytes) => Image.Load<Rgb24>(bytes);

    public static byte[] Png(Image<Rgb24> image)
    {
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    /// <summary>A crop of a sample, resized: different sizes and framings of a real face.</summary>
    public static byte[] Crop(string name, Rectangle rect, Size? resize = null)
    {
        using var image = Load(name);
        image.Mutate(c =>
        {
            c.Crop(rect);
            if (resize is { } size)
                c.Resize(size);
        });
        return Png(image);
    }

    /// <summary>A smooth landscape-like gradient: no face anywhere.</summary>
    public static byte[] Gradient(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new Rgb24((byte)(40 + 150 * y / height), (byte)(120 + 100 * x / width), (byte)(230 - 120 * y / height));
            }
        });
        return Png(image);
    }

    /// <summary>The sample stored rotated 90° clockwise-compensated: pixels turned, EXIF orientation 6 says "rotate back".</summary>
    public static byte[] ExifRotatedJpeg(string name)
    {
        using var image = Load(name);
        // Orientation 6 means the viewer must rotate 90° CW to display upright, so store the pixels turned 90° CCW.
        image.Mutate(c => c.Rotate(RotateMode.Rotate270));
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 95 });
        return ms.ToArray();
    }

    public static byte[] Text => "this is not an image, just text renamed .jpg\n"u8.ToArray();

    public static byte[] Truncated(byte[] data, int keep) => data[..keep];

    /// <summary>Per-channel max absolute difference and mean, between two same-size images.</summary>
    public static (int Max, double Mean) Diff(Image<Rgb24> a, Image<Rgb24> b)
    {
        if (a.Size() != b.Size())
            throw new InvalidOperationException($"Sizes differ: {a.Size()} vs {b.Size()}");
        var pa = new Rgb24[a.Width * a.Height];
        var pb = new Rgb24[b.Width * b.Height];
        a.CopyPixelDataTo(pa);
        b.CopyPixelDataTo(pb);
        var max = 0;
        long sum = 0;
        for (var i = 0; i < pa.Length; i++)
        {
            var d = Math.Max(Math.Abs(pa[i].R - pb[i].R), Math.Max(Math.Abs(pa[i].G - pb[i].G), Math.Abs(pa[i].B - pb[i].B)));
            max = Math.Max(max, d);
            sum += Math.Abs(pa[i].R - pb[i].R) + Math.Abs(pa[i].G - pb[i].G) + Math.Abs(pa[i].B - pb[i].B);
        }
        return (max, sum / (3.0 * pa.Length));
    }
}
