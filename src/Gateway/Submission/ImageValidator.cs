using System.Buffers;
using Cartoon.Engine;
using Cartoon.Engine.Imaging;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// Checks each image part by its bytes, never its name or declared type: magic-byte sniffing and header dimensions
/// (ImageProbe) within the size caps. A bad part becomes a <see cref="RejectedPart"/> with a machine-readable reason.
/// The header is read from the part's first <see cref="PrefixBytes"/>, in a pooled buffer: PNG, JPEG, GIF and most
/// WebP headers sit there; a part the prefix cannot settle (a TIFF whose directory is at its end, a WebP whose chunks
/// are checked against the whole file, a rejection) is read whole, once, and judged on all its bytes.
/// </summary>
public sealed class ImageValidator(IOptions<UploadOptions> options)
{
    public const int PrefixBytes = 256 * 1024;

    public async Task<(AcceptedImage? Accepted, RejectedPart? Rejected)> ValidateAsync(int index, IFormFile part, CancellationToken ct)
    {
        var limits = options.Value;
        var name = DisplayName(part.FileName);
        if (part.Length == 0)
            return (null, new RejectedPart(index, name, FailureReasons.Empty, "The file is empty."));
        if (part.Length > limits.MaxImageBytes)
            return (null, new RejectedPart(index, name, FailureReasons.TooLarge,
                $"The file has {part.Length} bytes; an image may have at most {limits.MaxImageBytes}."));

        var imageLimits = new ImageLimits
        {
            MaxBytes = limits.MaxImageBytes,
            MaxPixels = limits.MaxPixels,
            MaxSide = limits.MaxSide,
            DecodeTimeout = limits.DecodeTimeout,
        };
        if (part.Length > PrefixBytes && await TryProbePrefixAsync(part, imageLimits, ct) is { } fromPrefix)
            return (new AcceptedImage(index, name, part, fromPrefix), null);
        try
        {
            return (new AcceptedImage(index, name, part, await ProbeAsync(part, (int)part.Length, imageLimits, ct)), null);
        }
        catch (ImageRejectedException ex)
        {
            return (null, new RejectedPart(index, name, ex.Reason, Describe(ex.Reason, ex.Message, limits)));
        }
    }

    /// <summary>The header from the part's first <see cref="PrefixBytes"/>, or null when they do not settle it.</summary>
    private static async Task<ImageHeader?> TryProbePrefixAsync(IFormFile part, ImageLimits limits, CancellationToken ct)
    {
        try
        {
            return await ProbeAsync(part, PrefixBytes, limits, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever a cut-off file makes the probe say, only the whole file's answer counts.
            return null;
        }
    }

    /// <summary>Probes the part's first <paramref name="length"/> bytes, read into a pooled buffer.</summary>
    private static async Task<ImageHeader> ProbeAsync(IFormFile part, int length, ImageLimits limits, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await using (var stream = part.OpenReadStream())
                await stream.ReadExactlyAsync(buffer.AsMemory(0, length), ct);
            return ImageProbe.Probe(buffer.AsSpan(0, length), limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Messages a person can act on; the reason stays the machine-readable part.</summary>
    private static string Describe(string reason, string message, UploadOptions limits) => reason switch
    {
        FailureReasons.UnsupportedFormat =>
            "Not a supported image format (the content is checked, not the file name); videos may be MP4/MOV, WebM/Matroska or animated GIF/WebP.",
        FailureReasons.TooLarge => $"{message} Limits: {limits.MaxSide} px per side, {limits.MaxPixels} pixels, {limits.MaxImageBytes} bytes.",
        FailureReasons.Empty => "The file is empty.",
        FailureReasons.InvalidImage => $"The file looks like an image but cannot be read: {message}",
        _ => message,
    };

    /// <summary>
    /// The client's file name for display only (it never reaches a storage key): no path, no control characters (a CR LF
    /// would split the Content-Disposition of the result download; a NUL cuts C strings in whatever logs it), no bidi
    /// overrides (they make "gnp.exe" read as "exe.png"), no "." or "..", bounded length.
    /// </summary>
    public static string? DisplayName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            return null;
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        name = string.Concat(name.Where(c => !char.IsControl(c) && !IsBidiControl(c))).Trim();
        if (name.Length == 0 || name is "." or "..")
            return null;
        return name.Length <= 255 ? name : name[..255];
    }

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
