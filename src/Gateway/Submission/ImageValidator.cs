using Cartoon.Engine;
using Cartoon.Engine.Imaging;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Submission;

/// <summary>An image part that passed: its bytes (to store) and header (to route by work size).</summary>
public sealed record AcceptedImage(int Index, string? FileName, byte[] Bytes, ImageHeader Header);

/// <summary>
/// Checks each image part by its bytes, never its name or declared type: magic-byte sniffing and header dimensions
/// (ImageProbe) within the size caps. A bad part becomes a <see cref="RejectedPart"/> with a machine-readable reason.
/// </summary>
public sealed class ImageValidator(IOptions<UploadOptions> options)
{
    public async Task<(AcceptedImage? Accepted, RejectedPart? Rejected)> ValidateAsync(int index, IFormFile part, CancellationToken ct)
    {
        var limits = options.Value;
        var name = DisplayName(part.FileName);
        if (part.Length == 0)
            return (null, new RejectedPart(index, name, FailureReasons.Empty, "The file is empty."));
        if (part.Length > limits.MaxImageBytes)
            return (null, new RejectedPart(index, name, FailureReasons.TooLarge,
                $"The file has {part.Length} bytes; an image may have at most {limits.MaxImageBytes}."));

        var bytes = new byte[part.Length];
        await using (var stream = part.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        try
        {
            var header = ImageProbe.Probe(bytes, new ImageLimits
            {
                MaxBytes = limits.MaxImageBytes,
                MaxPixels = limits.MaxPixels,
                MaxSide = limits.MaxSide,
                DecodeTimeout = limits.DecodeTimeout,
            });
            return (new AcceptedImage(index, name, bytes, header), null);
        }
        catch (ImageRejectedException ex)
        {
            return (null, new RejectedPart(index, name, ex.Reason, Describe(ex.Reason, ex.Message, limits)));
        }
    }

    /// <summary>Messages a person can act on; the reason stays the machine-readable part.</summary>
    private static string Describe(string reason, string message, UploadOptions limits) => reason switch
    {
        FailureReasons.UnsupportedFormat => "Not a supported image format (the content is checked, not the file name).",
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
