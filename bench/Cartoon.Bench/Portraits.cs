using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Bench;

/// <summary>Eight portraits of mixed sizes, made from the two sample photos in ../shared/samples.</summary>
internal static class Portraits
{
    /// <summary>Eight different 720×720 framings (what one size tier's group looks like).</summary>
    public static List<(string Name, byte[] Bytes)> SameTier()
    {
        var dir = SamplesDirectory();
        var portrait = Path.Combine(dir, "dctnet_input_portrait.png");
        var astronaut = Path.Combine(dir, "astronaut_eileen_collins_nasa.png");
        return
        [
            ("portrait-720", Resized(portrait, new Rectangle(0, 0, 1024, 1024), 720, 720)),
            ("astronaut-720", Resized(astronaut, new Rectangle(0, 0, 512, 512), 720, 720)),
            ("portrait-crop-a", Resized(portrait, new Rectangle(112, 0, 800, 800), 720, 720)),
            ("astronaut-crop-a", Resized(astronaut, new Rectangle(56, 0, 400, 400), 720, 720)),
            ("portrait-crop-b", Resized(portrait, new Rectangle(212, 0, 600, 600), 720, 720)),
            ("astronaut-crop-b", Resized(astronaut, new Rectangle(0, 0, 450, 450), 720, 720)),
            ("portrait-crop-c", Resized(portrait, new Rectangle(62, 0, 900, 900), 720, 720)),
            ("astronaut-crop-c", Resized(astronaut, new Rectangle(100, 20, 380, 380), 720, 720)),
        ];
    }

    /// <summary>Four more 720×720 framings, for a job of 12 in one tier (the jobs benchmark).</summary>
    public static List<(string Name, byte[] Bytes)> MoreSameTier()
    {
        var dir = SamplesDirectory();
        var portrait = Path.Combine(dir, "dctnet_input_portrait.png");
        var astronaut = Path.Combine(dir, "astronaut_eileen_collins_nasa.png");
        return
        [
            ("portrait-crop-d", Resized(portrait, new Rectangle(162, 20, 700, 700), 720, 720)),
            ("astronaut-crop-d", Resized(astronaut, new Rectangle(30, 10, 420, 420), 720, 720)),
            ("portrait-crop-e", Resized(portrait, new Rectangle(262, 40, 500, 500), 720, 720)),
            ("astronaut-crop-e", Resized(astronaut, new Rectangle(80, 0, 360, 360), 720, 720)),
        ];
    }

    public static List<(string Name, byte[] Bytes)> Mixed()
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
