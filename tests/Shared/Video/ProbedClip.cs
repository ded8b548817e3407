using System.Globalization;
using System.Text.Json;

namespace Cartoon.Tests.Shared.Video;

/// <summary>What ffprobe reads from a video file, frames counted by decoding (the tests' judge of an output).</summary>
public sealed record ProbedClip(string VideoCodec, int Width, int Height, int Frames, double Duration, string? AudioCodec)
{
    public static ProbedClip Read(string path)
    {
        var json = FfmpegProcess.Run("ffprobe", "-count_frames", "-show_streams", "-show_format", "-of", "json", path);
        var root = JsonDocument.Parse(json).RootElement;
        var streams = root.GetProperty("streams").EnumerateArray().ToArray();
        var video = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
        var audio = streams.FirstOrDefault(s => s.GetProperty("codec_type").GetString() == "audio");
        return new ProbedClip(
            video.GetProperty("codec_name").GetString()!,
            video.GetProperty("width").GetInt32(),
            video.GetProperty("height").GetInt32(),
            int.Parse(video.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture),
            double.Parse(root.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture),
            audio.ValueKind == JsonValueKind.Undefined ? null : audio.GetProperty("codec_name").GetString());
    }

    /// <summary>Frame <paramref name="index"/> decoded to packed RGB24 (Width × Height × 3 bytes).</summary>
    public static byte[] FrameRgb(string path, int index)
    {
        var info = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-nostdin", "-i", path, "-vf", $"select=eq(n\\,{index})", "-frames:v", "1",
                     "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1" })
            info.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg could not decode frame {index} of {path}: {stderr.Result}");
        return output.ToArray();
    }
}
