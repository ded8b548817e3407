using Cartoon.Media;

namespace Cartoon.Cli.Video;

/// <summary>
/// One input of a convert call as <see cref="InputClassifier"/> saw it: a picture for the engine (neither field set), a
/// video or animation to convert (<see cref="Video"/>), or a video refused before a frame was decoded (<see cref="Refusal"/>).
/// </summary>
internal sealed record ClassifiedInput(string Path, MediaInfo? Video = null, MediaRefusal? Refusal = null)
{
    public bool IsVideo => Video is not null || Refusal is not null;
}
