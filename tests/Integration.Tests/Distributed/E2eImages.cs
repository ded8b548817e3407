using System.Net.Http.Headers;
using Cartoon.Integration.Tests.Worker;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>Inputs for the distributed tests: the two real portraits of ../shared/samples, framed and scaled down.</summary>
internal static class E2eImages
{
    public const string Astronaut = "astronaut_eileen_collins_nasa.png"; // 512×512
    public const string Portrait = "dctnet_input_portrait.png"; // 1024×1024

    /// <summary>A crop of a sample (x, y, side as fractions of the sample's side) scaled to width×height, as PNG.</summary>
    public static byte[] Framing(string sample, double x, double y, double side, int width, int height)
    {
        using var image = Image.Load<Rgb24>(Portraits.Sample(sample));
        var s = image.Width;
        var crop = new Rectangle((int)(x * s), (int)(y * s), (int)(side * s), (int)(side * s * height / width));
        image.Mutate(c => c.Crop(crop).Resize(width, height));
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    /// <summary>n different 256×256 framings, alternating the two portraits (one size tier, one bucket shape).</summary>
    public static List<(string Name, byte[] Bytes)> Portraits256(int n)
    {
        (double X, double Y, double Side)[] framings = [(0, 0, 1), (0.1, 0, 0.8), (0.2, 0, 0.6), (0.05, 0, 0.9), (0.15, 0.02, 0.7), (0.1, 0.05, 0.75)];
        var images = new List<(string, byte[])>();
        for (var i = 0; i < n; i++)
        {
            var sample = i % 2 == 0 ? Portrait : Astronaut;
            var (x, y, side) = framings[i / 2 % framings.Length];
            images.Add(($"{(i % 2 == 0 ? "portrait" : "astronaut")}-{i:D2}.png", Framing(sample, x, y, side, 256, 256)));
        }
        return images;
    }

    public static MultipartFormDataContent Form(IEnumerable<(string FileName, byte[] Bytes)> images, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (fileName, bytes) in images)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "images", fileName);
        }
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        return form;
    }
}
