using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Tests.Support;

/// <summary>
/// Short clips made once per test run from the sample portrait: 30 frames of 160×120 at 15 fps (2 s), panning and
/// zooming over the face, with a 440 Hz sine tone where the format has audio. The raw RGB frames they were all
/// encoded from are kept, so decoded frames can be compared with what went in.
/// </summary>
public sealed class Clips : IDisposable
{
    public const int Width = 160;
    public const int Height = 120;
    public const int FrameCount = 30;
    public const int Fps = 15;

    public Clips()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cartoon-media-tests-").FullName;
        RawFrames = Path.Combine(Directory, "frames.rgb");
        Tool.Run("ffmpeg", "-nostdin", "-i", TestPaths.Sample(TestPaths.Portrait),
            "-vf", $"scale=320:-2,zoompan=z='1+0.01*on':x='iw/2-iw/zoom/2+on':y='ih/3-ih/zoom/3':d={FrameCount}:s={Width}x{Height}:fps={Fps}",
            "-frames:v", $"{FrameCount}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", RawFrames);

        Mp4 = Encode("clip.mp4", withAudio: true, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac");
        Webm = Encode("clip.webm", withAudio: true, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-pix_fmt", "yuv420p", "-c:a", "libopus");
        Gif = Encode("clip.gif", withAudio: false, "-vf", "split[a][b];[a]palettegen[p];[b][p]paletteuse", "-loop", "0");
        // Lossless, so every decoded frame must equal its raw frame exactly: that checks the compositing.
        Webp = Encode("clip.webp", withAudio: false, "-c:v", "libwebp_anim", "-lossless", "1", "-pix_fmt", "bgra", "-loop", "0", "-f", "webp");
        RotatedMp4 = Path.Combine(Directory, "rotated.mp4");
        Tool.Run("ffmpeg", "-nostdin", "-i", Mp4, "-c", "copy", "-metadata:s:v:0", "rotate=90", "-y", RotatedMp4);
    }

    public string Directory { get; }

    /// <summary>The 30 frames as packed RGB24, one after the other.</summary>
    public string RawFrames { get; }

    /// <summary>H.264 + AAC, index (moov) at the end as ffmpeg writes it by default.</summary>
    public string Mp4 { get; }

    /// <summary>VP9 + Opus.</summary>
    public string Webm { get; }

    public string Gif { get; }

    /// <summary>Animated WebP, lossless.</summary>
    public string Webp { get; }

    /// <summary><see cref="Mp4"/> with a display matrix of 90° (counter-clockwise, as ffmpeg 5.1 writes rotate=90).</summary>
    public string RotatedMp4 { get; }

    /// <summary>A fresh path in the clips' folder.</summary>
    public string PathFor(string name) => Path.Combine(Directory, $"{Guid.NewGuid():N}-{name}");

    /// <summary>Raw frame <paramref name="index"/> as it went into every encoder.</summary>
    public Image<Rgb24> SourceFrame(int index)
    {
        using var file = File.OpenRead(RawFrames);
        var bytes = new byte[Width * Height * 3];
        file.Position = (long)index * bytes.Length;
        file.ReadExactly(bytes);
        return Image.LoadPixelData<Rgb24>(bytes, Width, Height);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private string Encode(string name, bool withAudio, params string[] codec)
    {
        string path = Path.Combine(Directory, name);
        string[] input = ["-nostdin", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{Width}x{Height}", "-framerate", $"{Fps}", "-i", RawFrames];
        string[] audio = withAudio
            ? ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2", "-map", "0:v", "-map", "1:a", "-shortest"]
            : [];
        Tool.Run("ffmpeg", [.. input, .. audio, .. codec, "-y", path]);
        return path;
    }
}

[CollectionDefinition(Name)]
public sealed class ClipsCollection : ICollectionFixture<Clips>
{
    public const string Name = "clips";
}
