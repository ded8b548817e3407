using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Tests.Support;

internal static class Pixels
{
    /// <summary>Mean absolute difference per channel (0–255) of two same-sized frames.</summary>
    public static double MeanAbsDiff(Image<Rgb24> a, Image<Rgb24> b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var left = new byte[a.Width * a.Height * 3];
        var right = new byte[left.Length];
        a.CopyPixelDataTo(left);
        b.CopyPixelDataTo(right);
        long sum = 0;
        for (int i = 0; i < left.Length; i++)
            sum += Math.Abs(left[i] - right[i]);
        return (double)sum / left.Length;
    }

    /// <summary>Frame <paramref name="index"/> of <paramref name="path"/> as ffmpeg itself decodes it (PNG, autorotated).</summary>
    public static Image<Rgb24> FfmpegFrame(string path, int index)
    {
        byte[] png = Tool.RunBytes("-i", path, "-vf", $"select=eq(n\\,{index})", "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "pipe:1");
        return Image.Load<Rgb24>(png);
    }

    public static byte[] Bytes(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
