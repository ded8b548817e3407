using Cartoon.Media;

namespace Cartoon.Gateway.Submission;

/// <summary>What the probe learned about an accepted video part, and how its upload is stored.</summary>
/// <param name="InputFormat">mp4, webm, mkv, gif or webp: the container, as the item's input format.</param>
public sealed record VideoInput(MediaInfo Info, string InputFormat, string ContentType);
