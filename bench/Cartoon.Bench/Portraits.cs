using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Bench;

/// <summary>Eight portraits of mixed sizes, made from the two sample photos in ../shared/samples.</summary>
internal static class Portraits
{
    public static List<(string Name, byte[] Bytes)> Eight()
    {
        var dir = SamplesDirectory();
        var portrait = Path.Combine(dir, "dctnet_input_portrait.png");
        var astronaut = Path.Combine(dir, "astronaut_eileen_collins_nasa.png");
        return
        [
            ("portrait-1024", File.ReadAllBytes(portrait)),
            ("astronaut-512", File.ReadAllBytes(astronaut)),
            ("portrait-768", Resized(portrait, new Rectangle(0, 0, 1024, 1024), 768, 768)),
            ("astronaut-640x480", Resized(astronaut, new Rectangle(0, 64, 512, 384), 640, 480)),
            ("portrait-crop-600x800", Resized(portrait, new Rectangle(212, 0, 600, 800), 600, 800)),
            ("astronaut-crop-400x400", Resized(astronaut, new Rectangle(56, 0, 400, 400), 400, 400)),
            ("portrait-720x960", Resized(portrait, new Rectangle(128, 0, 768, 1024), 720, 960)),
            ("astronaut-720", Resized(astronaut, new Rectangle(0, 0, 512, 512), 720, 720)),
        ];
    }

    private static byte[] Resized(string path, Rectangle crop, int width, int height)
    {
        using var image = Image.Load<Rgb24>(path);
        image.Mutate(c => c.Crop(crop).Resize(width, height));
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    private static string SamplesDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "samples");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("shared/samples not found above the working directory.");
    }
}
