using Cartoon.Tests.Shared.Imaging;
using System.Net.Http.Headers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Gateway.Tests;

public static class TestImages
{
    public static byte[] Png(int width = 64, int height = 48, int seed = 1) => NoisyPng.Create(width, height, seed);

    public static byte[] Jpeg(int width = 64, int height = 48)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(200, 120, 80));
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        return ms.ToArray();
    }

    public static byte[] Text => "this is not an image, only text renamed to .jpg"u8.ToArray();

    /// <summary>A PNG signature followed by garbage: passes sniffing, fails the header.</summary>
    public static byte[] CorruptPng => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    public static MultipartFormDataContent Form(IEnumerable<(string FileName, byte[] Bytes)> images, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (fileName, bytes) in images)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".png") ? "image/png" : "image/jpeg");
            form.Add(part, "images", fileName);
        }
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        return form;
    }

    public static MultipartFormDataContent Form(params (string FileName, byte[] Bytes)[] images) => Form(images, []);
}
