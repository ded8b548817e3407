using System.Diagnostics;
using Cartoon.Media.Tests.Support;

namespace Cartoon.Gateway.Tests.Video;

/// <summary>
/// Tiny clips made once per test class with ffmpeg (no binary fixtures in the repo): a 1 s 64×48 H.264 + AAC MP4 of
/// 10 frames, a 5-frame animated GIF, and the hostile ones (an MP4 whose header claims 10 h, MJPEG in MOV, audio only,
/// a GIF whose screen claims 16000×16000).
/// </summary>
public sealed class VideoClips : IDisposable
{
    public const int Frames = 10;

    public VideoClips()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cartoon-gw-video-").FullName;
        Mp4 = Make("clip.mp4", "-f", "lavfi", "-i", "testsrc=s=64x48:r=10:d=1", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        Gif = Make("anim.gif", "-f", "lavfi", "-i", "testsrc=s=32x24:r=10:d=0.5", "-loop", "0");
        MjpegMov = Make("mjpeg.mov", "-f", "lavfi", "-i", "testsrc=s=64x48:r=5:d=0.4", "-c:v", "mjpeg");
        AudioOnly = Make("audio.mp4", "-f", "lavfi", "-i", "sine=duration=0.3", "-c:a", "aac");
        var silent = Make("silent.mp4", "-f", "lavfi", "-i", "testsrc=s=64x48:r=10:d=1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        TenHours = Mp4Boxes.StretchFirstTrack(File.ReadAllBytes(silent), 36_000); // 1 s × 36 000 = 10 h
    }

    public string Directory { get; }

    public string Mp4 { get; }

    public string Gif { get; }

    public string MjpegMov { get; }

    public string AudioOnly { get; }

    public byte[] TenHours { get; }

    /// <summary>A GIF whose logical screen claims <paramref name="side"/>² with three 1×1 frames: an animation too large to take.</summary>
    public static byte[] HugeGif(int side)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([(byte)side, (byte)(side >> 8), (byte)side, (byte)(side >> 8), 0x80, 0, 0]);
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        for (var i = 0; i < 3; i++)
        {
            gif.AddRange([0x21, 0xF9, 0x04, 0x00, 10, 0, 0, 0]);
            gif.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
            gif.AddRange([0x02, 0x02, 0x44, 0x01, 0x00]);
        }
        gif.Add(0x3B);
        return [.. gif];
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private string Make(string name, params string[] arguments)
    {
        var path = Path.Combine(Directory, name);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-nostdin", "-loglevel", "error", .. arguments, "-y", path])
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg failed making {name}: {stderr}");
        return path;
    }
}
