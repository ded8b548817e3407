using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Bench;

/// <summary>Portraits of chosen sizes and framings, made from the two sample photos in ../shared/samples.</summary>
internal static class Portraits
{
    private const string Portrait = "dctnet_input_portrait.png";
    private const string Astronaut = "astronaut_eileen_collins_nasa.png";

    /// <summary>Twelve framings (name, sample, crop) of the two photos: the crops of <see cref="SameTier"/> and <see cref="MoreSameTier"/>.</summary>
    private static readonly (string Name, string Sample, Rectangle Crop)[] FramingTable =
    [
        ("portrait", Portrait, new Rectangle(0, 0, 1024, 1024)),
        ("astronaut", Astronaut, new Rectangle(0, 0, 512, 512)),
        ("portrait-crop-a", Portrait, new Rectangle(112, 0, 800, 800)),
        ("astronaut-crop-a", Astronaut, new Rectangle(56, 0, 400, 400)),
        ("portrait-crop-b", Portrait, new Rectangle(212, 0, 600, 600)),
        ("astronaut-crop-b", Astronaut, new Rectangle(0, 0, 450, 450)),
        ("portrait-crop-c", Portrait, new Rectangle(62, 0, 900, 900)),
        ("astronaut-crop-c", Astronaut, new Rectangle(100, 20, 380, 380)),
        ("portrait-crop-d", Portrait, new Rectangle(162, 20, 700, 700)),
        ("astronaut-crop-d", Astronaut, new Rectangle(30, 10, 420, 420)),
        ("portrait-crop-e", Portrait, new Rectangle(262, 40, 500, 500)),
        ("astronaut-crop-e", Astronaut, new Rectangle(80, 0, 360, 360)),
    ];

    /// <summary>Eight different 720×720 framings (what one size tier's group looks like).</summary>
    public static List<(string Name, byte[] Bytes)> SameTier() =>
        FramingTable[..8].Select(f => (f.Name.Contains("crop", StringComparison.Ordinal) ? f.Name : f.Name + "-720", Square(f, 720))).ToList();

    /// <summary>Four more 720×720 framings, for a job of 12 in one tier (the jobs benchmark).</summary>
    public static List<(string Name, byte[] Bytes)> MoreSameTier() => FramingTable[8..].Select(f => (f.Name, Square(f, 720))).ToList();

    /// <summary><paramref name="count"/> square PNG portraits of side <paramref name="side"/>, the twelve framings cycled.</summary>
    public static List<(string Name, byte[] Bytes)> Framings(int side, int count) =>
        Cycle(FramingTable.Select(f => ($"{f.Name}-{side}", Square(f, side))).ToList(), count);

    public static List<(string Name, byte[] Bytes)> Mixed()
    {
        var dir = SamplesDirectory();
        var portrait = Path.Combine(dir, Portrait);
        var astronaut = Path.Combine(dir, Astronaut);
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

    private static readonly (int Width, int Height)[] MixedSizeTable =
    [
        (256, 256), (320, 400), (384, 384), (448, 320), (512, 512), (256, 512), (400, 300), (480, 640),
        (600, 600), (640, 480), (360, 480), (512, 384), (288, 288), (720, 540), (540, 720), (464, 464),
    ];

    /// <summary>The largest of <see cref="MixedSizes"/> (by pixels).</summary>
    public static (int Width, int Height) MixedSizesLargest => MixedSizeTable.MaxBy(s => s.Width * s.Height);

    /// <summary>Sixteen PNG portraits of sixteen sizes (256² to 720×540, both orientations), the framings cycled.</summary>
    public static List<(string Name, byte[] Bytes)> MixedSizes() =>
        MixedSizeTable.Select((size, i) =>
        {
            var framing = FramingTable[i % FramingTable.Length];
            return ($"{framing.Name}-{size.Width}x{size.Height}", Resized(Path.Combine(SamplesDirectory(), framing.Sample), framing.Crop, size.Width, size.Height));
        }).ToList();

    /// <summary>
    /// The six-portrait mix of issue 13 (file names with their formats): 640×800, 512², 1024×512 with two faces,
    /// a 1500² JPEG, 600² and 1024²; seven faces in all.
    /// </summary>
    public static List<(string Name, byte[] Bytes)> SixMix()
    {
        var dir = SamplesDirectory();
        var portrait = Path.Combine(dir, Portrait);
        var astronaut = Path.Combine(dir, Astronaut);
        return
        [
            ("portrait-640x800.png", Resized(portrait, new Rectangle(192, 0, 640, 800), 640, 800)),
            ("astronaut-512.png", File.ReadAllBytes(astronaut)),
            ("two-faces-1024x512.png", TwoFaces(astronaut, portrait)),
            ("portrait-1500.jpg", Jpeg(portrait, 1500)),
            ("astronaut-600.png", Resized(astronaut, new Rectangle(0, 0, 512, 512), 600, 600)),
            ("portrait-1024.png", File.ReadAllBytes(portrait)),
        ];
    }

    /// <summary>
    /// Large photos for the detail=high bench (issue 14): a 12 MP 4:3 JPEG of the portrait, the astronaut cropped to
    /// 2:3 and upscaled to 2000×3000, and a 12 MP group photo (four faces ~200 px wide above four ~100 px wide).
    /// </summary>
    public static List<(string Name, byte[] Bytes)> Large()
    {
        var dir = SamplesDirectory();
        var portrait = Path.Combine(dir, Portrait);
        var astronaut = Path.Combine(dir, Astronaut);
        return
        [
            ("portrait-4000x3000.jpg", JpegOf(portrait, new Rectangle(0, 128, 1024, 768), 4000, 3000)),
            ("astronaut-2000x3000.png", Resized(astronaut, new Rectangle(85, 0, 342, 512), 2000, 3000)),
            ("group-4000x3000.jpg", GroupPhoto(astronaut, portrait)),
        ];
    }

    /// <summary>The first <paramref name="count"/> of the list repeated as often as needed, later copies named "-2", "-3", ….</summary>
    public static List<(string Name, byte[] Bytes)> Cycle(IReadOnlyList<(string Name, byte[] Bytes)> images, int count) =>
        Enumerable.Range(0, count)
            .Select(i => i < images.Count ? images[i] : ($"{images[i % images.Count].Name}-{i / images.Count + 1}", images[i % images.Count].Bytes))
            .ToList();

    /// <summary>
    /// A JPEG of the portrait photo close to <paramref name="targetBytes"/> (the ingest benchmark's upload): the photo at
    /// <paramref name="side"/>² with the quality whose output lands nearest the target.
    /// </summary>
    public static byte[] JpegNear(int targetBytes, int side)
    {
        using var image = Image.Load<Rgb24>(Path.Combine(SamplesDirectory(), Portrait));
        image.Mutate(c => c.Resize(side, side));
        byte[] best = [];
        for (var quality = 50; quality <= 100; quality += 2)
        {
            using var ms = new MemoryStream();
            image.SaveAsJpeg(ms, new JpegEncoder { Quality = quality });
            if (best.Length == 0 || Math.Abs(ms.Length - targetBytes) < Math.Abs(best.Length - targetBytes))
                best = ms.ToArray();
        }
        return best;
    }

    private static byte[] TwoFaces(string left, string right)
    {
        using var canvas = new Image<Rgb24>(1024, 512);
        using var a = Image.Load<Rgb24>(left);
        using var b = Image.Load<Rgb24>(right);
        a.Mutate(c => c.Resize(512, 512));
        b.Mutate(c => c.Resize(512, 512));
        canvas.Mutate(c => c.DrawImage(a, new Point(0, 0), 1f).DrawImage(b, new Point(512, 0), 1f));
        using var ms = new MemoryStream();
        canvas.SaveAsPng(ms);
        return ms.ToArray();
    }

    /// <summary>Head-and-shoulders crops of both samples on a plain wall, as the engine tests' group photo.</summary>
    private static byte[] GroupPhoto(string astronaut, string portrait)
    {
        using var canvas = new Image<Rgb24>(4000, 3000, new Rgb24(214, 208, 196));
        for (var i = 0; i < 8; i++)
        {
            var face = i < 4 ? 200 : 100;
            // Face widths in the samples: ~95 px in the 512² astronaut, ~227 px in the 1024² portrait.
            var (path, crop, width) = i % 2 == 0
                ? (astronaut, new Rectangle(130, 20, 190, 240), 95.0)
                : (portrait, new Rectangle(380, 0, 420, 500), 227.0);
            using var person = Image.Load<Rgb24>(path);
            person.Mutate(c => c.Crop(crop).Resize((int)(crop.Width * face / width), (int)(crop.Height * face / width)));
            var (cx, cy) = ((int)((i % 4 + 0.5) * 1000), i < 4 ? 750 : 2250);
            canvas.Mutate(c => c.DrawImage(person, new Point(cx - person.Width / 2, cy - person.Height / 2), 1f));
        }
        using var ms = new MemoryStream();
        canvas.SaveAsJpeg(ms, new JpegEncoder { Quality = 90 });
        return ms.ToArray();
    }

    private static byte[] JpegOf(string path, Rectangle crop, int width, int height)
    {
        using var image = Image.Load<Rgb24>(path);
        image.Mutate(c => c.Crop(crop).Resize(width, height));
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms, new JpegEncoder { Quality = 90 });
        return ms.ToArray();
    }

    private static byte[] Jpeg(string path, int side)
    {
        using var image = Image.Load<Rgb24>(path);
        image.Mutate(c => c.Resize(side, side));
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms, new JpegEncoder { Quality = 90 });
        return ms.ToArray();
    }

    private static byte[] Square((string Name, string Sample, Rectangle Crop) framing, int side) =>
        Resized(Path.Combine(SamplesDirectory(), framing.Sample), framing.Crop, side, side);

    private static byte[] Resized(string path, Rectangle crop, int width, int height)
    {
        using var image = Image.Load<Rgb24>(path);
        image.Mutate(c => c.Crop(crop).Resize(width, height));
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    public static string SamplesDirectory()
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
