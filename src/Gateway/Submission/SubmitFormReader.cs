using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// Reads the multipart body under the configured caps. The per-part limit is the whole-request cap, not the
/// per-image cap, on purpose: an oversized image must come back as one rejected part ("too_large") while the other
/// images of the job go ahead, and the form reader can only fail the whole request.
/// </summary>
public sealed class SubmitFormReader(IOptions<UploadOptions> options)
{
    /// <summary>Form parts up to this size are buffered in memory, larger ones in a temp file.</summary>
    public const int MemoryBufferBytes = 1024 * 1024;

    public async Task<(IFormCollection? Form, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var limits = options.Value;
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, ProblemReasons.UnsupportedMediaType,
                "The request must be multipart/form-data.", "Send the images as parts named 'images' and the options as form fields."));
        if (request.ContentLength > limits.MaxRequestBytes)
            return (null, TooLarge(limits));

        var formOptions = new FormOptions
        {
            // Parts up to 1 MiB stay in memory instead of a temp file (the default threshold is 64 KiB): creating, closing
            // and deleting a file per image was as costly as the rest of the submit (docs/benchmarks.md, ingest). The
            // validator copies every image into memory anyway, so this adds no new kind of memory use.
            MemoryBufferThreshold = MemoryBufferBytes,
            MultipartBodyLengthLimit = limits.MaxRequestBytes,
            ValueCountLimit = limits.MaxImagesPerJob + 64,
            ValueLengthLimit = 16 * 1024,
        };
        try
        {
            var form = await request.ReadFormAsync(formOptions, ct);
            if (form.Files.Sum(f => f.Length) > limits.MaxRequestBytes)
                return (null, TooLarge(limits));
            return (form, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limits));
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // Form reader limits: body length, value count or length.
            return (null, Problems.Result(StatusCodes.Status413PayloadTooLarge, ProblemReasons.RequestTooLarge,
                "The multipart body exceeds a limit.", ex.Message));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.InvalidMultipart,
                "The multipart body could not be read.", "Check the boundary and that the upload completed."));
        }
    }

    private static IResult TooLarge(UploadOptions limits) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, ProblemReasons.RequestTooLarge, "The request is too large.",
            $"A request may carry at most {limits.MaxRequestBytes} bytes.",
            [new("maxRequestBytes", limits.MaxRequestBytes)]);
}
