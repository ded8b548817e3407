using System.Net;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

using Cartoon.Tests.Shared.Paths;

namespace Cartoon.Tests.Shared.Video;

/// <summary>
/// The end-to-end clip, for both modes: 2 s of the sample portrait at 15 fps (pan and zoom, 320×240) with a
/// 440 Hz tone, submitted with maxSide 240, and the judges of what comes back (ffprobe, decoded frames, flicker).
/// </summary>
public static class PortraitVideoJob
{
    public const int Width = 320;
    public const int Height = 240;
    public const int Frames = 30;
    public const int Fps = 15;

    /// <summary>What the job asks: the long side 240, so the result is 240×180.</summary>
    public const int MaxSide = 240;

    /// <summary>
    /// Bound on the result's whole-frame flicker against the clip's (<see cref="Flicker.Ratio(IReadOnlyList{Image{Rgb24}}, IReadOnlyList{Image{Rgb24}}, Rectangle?, Rectangle?)"/>).
    /// A cartoon flattens texture, so it changes less than its input from frame to frame (about 0.7 here); frames out
    /// of order, a chunk from another clip, or faces pasted from other frames change it by far more than the input.
    /// </summary>
    public const double MaxFlickerRatio = 1.5;

    public static string Mp4(string directory) =>
        PortraitClip.Mp4(TestPaths.Sample(TestPaths.Portrait), Path.Combine(directory, "portrait.mp4"), Width, Height, Frames, Fps);

    public static string Gif(string directory, int frames = 8) =>
        PortraitClip.Gif(TestPaths.Sample(TestPaths.Portrait), Path.Combine(directory, "portrait.gif"), 160, 120, frames, 10);

    public static string Webp(string directory, int frames = 8) =>
        PortraitClip.Webp(TestPaths.Sample(TestPaths.Portrait), Path.Combine(directory, "portrait.webp"), 160, 120, frames, 10);

    /// <summary>A result's bytes: served by the gateway, or through the presigned URL it redirects to (S3).</summary>
    public static async Task<byte[]> DownloadAsync(HttpClient gateway, string url)
    {
        using var response = await gateway.GetAsync(url);
        if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect)
        {
            using var s3 = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            return await s3.GetByteArrayAsync(response.Headers.Location);
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Every frame of <paramref name="path"/> (as ffmpeg decodes it, at <paramref name="width"/>×<paramref name="height"/>).</summary>
    public static List<Image<Rgb24>> DecodeFrames(string path, int width, int height)
    {
        var raw = path + ".rgb";
        FfmpegProcess.Run("ffmpeg", "-nostdin", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", raw);
        try
        {
            var bytes = File.ReadAllBytes(raw);
            var size = width * height * 3;
            return Enumerable.Range(0, bytes.Length / size)
                .Select(i => Image.LoadPixelData<Rgb24>(bytes.AsSpan(i * size, size), width, height))
                .ToList();
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>The result's flicker over the clip's (both decoded from their files).</summary>
    public static double FlickerRatio(string clip, string result, int resultWidth, int resultHeight)
    {
        var inputs = DecodeFrames(clip, Width, Height);
        var outputs = DecodeFrames(result, resultWidth, resultHeight);
        try
        {
            return Flicker.Ratio(inputs, outputs);
        }
        finally
        {
            inputs.Concat(outputs).ToList().ForEach(frame => frame.Dispose());
        }
    }
}
