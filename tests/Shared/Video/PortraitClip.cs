using System.Globalization;

namespace Cartoon.Tests.Shared.Video;

/// <summary>
/// Clips made with ffmpeg from a still portrait: the camera pans right and zooms in slowly over the upper third (where
/// the face is), so every frame differs and the face stays in view; a 440 Hz tone where the format carries audio.
/// </summary>
public static class PortraitClip
{
    /// <summary>H.264 (yuv420p) in MP4, with AAC audio as long as the frames when <paramref name="audio"/>.</summary>
    public static string Mp4(string portrait, string path, int width, int height, int frames, int fps, bool audio = true) =>
        Encode(portrait, path, width, height, frames, fps, audio, ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac"]);

    /// <summary>VP9 (yuv420p) in WebM, with Opus audio when <paramref name="audio"/>: what every browser plays.</summary>
    public static string Webm(string portrait, string path, int width, int height, int frames, int fps, bool audio = true) =>
        Encode(portrait, path, width, height, frames, fps, audio,
            ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-pix_fmt", "yuv420p", "-c:a", "libopus"]);

    /// <summary>An animated GIF (one palette for the clip), looping.</summary>
    public static string Gif(string portrait, string path, int width, int height, int frames, int fps) =>
        Encode(portrait, path, width, height, frames, fps, false, ["-vf", "split[a][b];[a]palettegen[p];[b][p]paletteuse", "-loop", "0"]);

    /// <summary>An animated WebP (lossless), looping.</summary>
    public static string Webp(string portrait, string path, int width, int height, int frames, int fps) =>
        Encode(portrait, path, width, height, frames, fps, false, ["-c:v", "libwebp_anim", "-lossless", "1", "-pix_fmt", "bgra", "-loop", "0", "-f", "webp"]);

    private static string Encode(string portrait, string path, int width, int height, int frames, int fps, bool audio, string[] codec)
    {
        var raw = path + ".rgb";
        try
        {
            // The source scaled to twice the frame and cropped to its aspect from the top (a portrait's face is in its
            // upper part: a wide frame cut from the middle loses it), so the zoom has pixels to spare.
            FfmpegProcess.Run("ffmpeg", "-nostdin", "-i", portrait, "-vf",
                Invariant($"scale={2 * width}:{2 * height}:force_original_aspect_ratio=increase,crop={2 * width}:{2 * height}:(iw-ow)/2:0,") +
                Invariant($"zoompan=z='1+0.004*on':x='iw/2-iw/zoom/2+on':y='ih/3-ih/zoom/3':d={frames}:s={width}x{height}:fps={fps}"),
                "-frames:v", Invariant($"{frames}"), "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", raw);
            string[] input = ["-nostdin", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", Invariant($"{width}x{height}"), "-framerate", Invariant($"{fps}"), "-i", raw];
            string[] tone = audio
                ? ["-f", "lavfi", "-i", Invariant($"sine=frequency=440:sample_rate=48000:duration={(double)frames / fps}"), "-map", "0:v", "-map", "1:a", "-shortest"]
                : [];
            FfmpegProcess.Run("ffmpeg", [.. input, .. tone, .. codec, "-y", path]);
            return path;
        }
        finally
        {
            File.Delete(raw);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
