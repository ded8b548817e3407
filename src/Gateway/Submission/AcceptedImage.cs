using Cartoon.Engine.Imaging;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// An image part that passed: where its bytes are (the request's buffered body, read again when they are stored) and its
/// header (to route by work size). Holding the part rather than a copy of its bytes keeps a submit's memory to one
/// image at a time, however many it carries.
/// </summary>
public sealed record AcceptedImage(int Index, string? FileName, IFormFile Part, ImageHeader Header)
{
    public long Length => Part.Length;

    /// <summary>Set for a video (or animated GIF/WebP) part (<see cref="VideoValidator"/>); its header is the displayed frame size.</summary>
    public VideoInput? Video { get; init; }

    public bool IsVideo => Video is not null;

    /// <summary>What the stored input is served as.</summary>
    public string ContentType => Video?.ContentType ?? JobSubmitter.ContentTypeOf(Header.Format);
}
