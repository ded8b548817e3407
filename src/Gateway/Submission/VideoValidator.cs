using Cartoon.Engine.Imaging;
using Cartoon.Gateway.Jobs;
using Cartoon.Media;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// Tells a video part from an image part by its first bytes (<see cref="MediaSniffer"/>: MP4/MOV, WebM/Matroska, an
/// animated WebP; a GIF counts when the probe finds more than one frame) and judges it: the file size first (before a
/// byte is copied), then the part is written to a temp file and probed (ffprobe reads headers, decodes nothing) and the
/// probe is held to <see cref="VideoLimits"/>. A refusal is a <see cref="RejectedPart"/> with the media layer's code
/// (<see cref="MediaRefusalCodes"/>), as an image refusal is. Anything else is left to <see cref="ImageValidator"/>.
/// </summary>
public sealed class VideoValidator(MediaProbe probe, IOptions<MediaOptions> options, ILogger<VideoValidator> logger)
{
    /// <summary>Null when the part is not a video (the image path judges it); else the accepted video or its refusal.</summary>
    public async Task<(AcceptedImage? Accepted, RejectedPart? Rejected)?> ValidateAsync(int index, IFormFile part, CancellationToken ct)
    {
        var (container, head) = await SniffAsync(part, ct);
        if (container == MediaContainer.Unknown || (container == MediaContainer.Mp4 && IsStillImageBrand(head)))
            return null;
        var name = ImageValidator.DisplayName(part.FileName);
        var limits = options.Value.Limits;
        // A GIF may be a still: it goes the image way unless it is worth the probe (bounded by the image size cap).
        if (container != MediaContainer.Gif && limits.CheckBytes(part.Length) is { } tooBig)
            return (null, Rejected(index, name, tooBig));

        var path = Path.Combine(Path.GetTempPath(), $"cartoon-probe-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            await using (var stream = part.OpenReadStream())
                await stream.CopyToAsync(file, ct);
            MediaInfo info;
            try
            {
                info = await probe.ProbeAsync(path, ct);
            }
            catch (MediaRejectedException ex)
            {
                // A GIF that is not a readable animation is judged as an image (that path reports its own reasons).
                return container == MediaContainer.Gif ? null : (null, Rejected(index, name, ex.Refusal));
            }
            if (container == MediaContainer.Gif && info.FrameCount <= 1)
                return null;
            if (limits.Check(info) is { } refusal)
                return (null, Rejected(index, name, refusal));

            var format = InputFormatOf(info);
            var header = new ImageHeader(format, info.Width, info.Height, Rotated90: false);
            return (new AcceptedImage(index, name, part, header) { Video = new VideoInput(info, format, OutputFormats.ContentTypeOfVideo(format)) }, null);
        }
        finally
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Probe copy {Path} not deleted", path);
            }
        }
    }

    private static async Task<(MediaContainer, byte[])> SniffAsync(IFormFile part, CancellationToken ct)
    {
        var head = new byte[MediaSniffer.HeaderLength];
        await using var stream = part.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        return (MediaSniffer.Sniff(head.AsSpan(0, read)), head[..read]);
    }

    // HEIF/AVIF photos share ISO-BMFF with MP4: their major brand says they are stills (the image path answers
    // unsupported_format for them, as before videos were taken).
    private static readonly string[] StillImageBrands = ["heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis", "hevc", "hevx"];

    private static bool IsStillImageBrand(byte[] head) =>
        head.Length >= 12 && head.AsSpan(4, 4).SequenceEqual("ftyp"u8)
                          && StillImageBrands.Contains(System.Text.Encoding.ASCII.GetString(head, 8, 4), StringComparer.Ordinal);

    private static string InputFormatOf(MediaInfo info) => info.Container switch
    {
        MediaContainer.Mp4 => "mp4",
        MediaContainer.Matroska => info.VideoCodec is "vp8" or "vp9" ? "webm" : "mkv",
        MediaContainer.Gif => "gif",
        _ => "webp",
    };

    private static RejectedPart Rejected(int index, string? name, MediaRefusal refusal) => new(index, name, refusal.Code, refusal.Reason);
}
