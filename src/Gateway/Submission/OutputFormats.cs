using Cartoon.Media;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// The <c>format</c> field names one format for the whole job; each kind of item takes it when it is one of its own and
/// its own default otherwise (a job of photos and clips asked for mp4 still gets PNG photos).
/// </summary>
public static class OutputFormats
{
    public static readonly IReadOnlyList<string> Image = ["png", "jpeg", "webp"];

    public static readonly IReadOnlyList<string> Video = ["mp4", "webm", "gif"];

    public static readonly IReadOnlyList<string> All = [.. Image, .. Video];

    public static string ForImage(string requested) => Image.Contains(requested) ? requested : "png";

    /// <summary>A video format asked for wins; otherwise an animation stays what it was (GIF → gif, WebP → webp) and a video becomes mp4.</summary>
    public static string ForVideo(string requested, MediaContainer container) =>
        Video.Contains(requested)
            ? requested
            : container switch
            {
                MediaContainer.Gif => "gif",
                MediaContainer.AnimatedWebp => "webp",
                _ => "mp4",
            };

    public static string ContentTypeOfVideo(string format) => format switch
    {
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mkv" => "video/x-matroska",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    };
}
