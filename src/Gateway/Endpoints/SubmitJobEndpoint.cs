using System.Text.Json;
using Cartoon.Engine;
using Cartoon.Gateway.Auth;
using Cartoon.Gateway.Backpressure;
using Cartoon.Gateway.Egress;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Idempotency;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Submission;
using Cartoon.Gateway.Webhooks;
using Cartoon.Media;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Endpoints;

/// <summary>POST /v1/jobs: validate everything, then store, then queue; 202 with the job.</summary>
public static class SubmitJobEndpoint
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    internal static async Task<IResult> HandleAsync(
        HttpContext http,
        SubmitFormReader reader,
        SubmitParametersParser parametersParser,
        ImageValidator imageValidator,
        VideoValidator videoValidator,
        ImageUrlFetcher urlFetcher,
        UrlGuard urlGuard,
        WebhookSigner signer,
        IdempotencyService idempotency,
        JobSubmitter submitter,
        BacklogGate backlog,
        IOptions<UploadOptions> uploads,
        IOptions<ImageUrlOptions> imageUrls,
        IOptions<WebhookOptions> webhooks,
        CancellationToken ct)
    {
        var keyValues = http.Request.Headers[IdempotencyKeyHeader];
        string? key = null;
        if (keyValues.Count > 0)
        {
            key = keyValues.Count == 1 ? keyValues[0] : null;
            if (string.IsNullOrWhiteSpace(key) || key.Length > IdempotencyService.MaxKeyLength)
                return Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.InvalidIdempotencyKey,
                    $"Idempotency-Key must be one value of 1 to {IdempotencyService.MaxKeyLength} characters.");
        }

        var (form, readProblem) = await reader.ReadAsync(http.Request, ct);
        if (form is null)
            return readProblem!;

        IdempotencyLease? lease = null;
        if (key is not null)
        {
            var outcome = await idempotency.BeginAsync(http.User.TenantId(), key, await FingerprintAsync(form, ct), ct);
            switch (outcome.Decision)
            {
                case IdempotencyDecision.Replay:
                    http.Response.Headers[ReplayedHeader] = "true";
                    return Send(http, outcome.Replay!);
                case IdempotencyDecision.Mismatch:
                    return Problems.Result(StatusCodes.Status422UnprocessableEntity, ProblemReasons.IdempotencyKeyReused,
                        "This Idempotency-Key was used with a different request.",
                        "A key may be reused only with the same parameters and images; use a new key for a new request.");
                case IdempotencyDecision.InFlight:
                    http.Response.Headers.RetryAfter = "1";
                    return Problems.Result(StatusCodes.Status409Conflict, ProblemReasons.IdempotencyKeyInUse,
                        "A request with this Idempotency-Key is still being processed.", "Retry after it finished to get its response.");
                default:
                    lease = outcome.Lease;
                    break;
            }
        }

        try
        {
            var (accepted, problem) = await ValidateAndSubmitAsync(http, form, parametersParser, imageValidator, videoValidator, urlFetcher, urlGuard, signer, submitter, backlog,
                uploads.Value, imageUrls.Value, webhooks.Value, ct);
            if (accepted is null)
            {
                if (lease is not null)
                    await lease.AbandonAsync();
                return problem!;
            }
            if (lease is not null)
                await lease.CompleteAsync(accepted);
            return Send(http, accepted);
        }
        catch
        {
            if (lease is not null)
                await lease.AbandonAsync();
            throw;
        }
    }

    private static async Task<(StoredResponse? Accepted, IResult? Problem)> ValidateAndSubmitAsync(
        HttpContext http, IFormCollection form, SubmitParametersParser parametersParser, ImageValidator imageValidator, VideoValidator videoValidator,
        ImageUrlFetcher urlFetcher, UrlGuard urlGuard, WebhookSigner signer, JobSubmitter submitter, BacklogGate backlog, UploadOptions limits, ImageUrlOptions imageUrls,
        WebhookOptions webhooks, CancellationToken ct)
    {
        var parts = ImageParts(form);
        var urls = ImageUrls(form);
        if (parts.Count + urls.Count == 0)
            return (null, Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.NoImages, "No images were sent.",
                "Send each image as a file part named 'images', or its https address as a field named 'imageUrl'."));
        if (parts.Count + urls.Count > limits.MaxImagesPerJob)
            return (null, Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.TooManyImages,
                $"A job may have at most {limits.MaxImagesPerJob} images; {parts.Count + urls.Count} were sent.", null,
                [new("maxImages", limits.MaxImagesPerJob), new("images", parts.Count + urls.Count)]));
        if (urls.Count > 0 && !imageUrls.Enabled)
            return (null, Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.InvalidOptions, "Image URLs are not accepted by this server.",
                "Upload the images as file parts named 'images' instead."));

        var (parsed, errors) = parametersParser.Parse(form);
        if (parsed is null)
            return (null, Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.InvalidOptions, "Some options are invalid.",
                string.Join(" ", errors.SelectMany(e => e.Value)), [new("errors", errors)]));

        if (parsed.WebhookUrl is { } url)
        {
            var why = signer.IsConfiguredFor(http.User.TenantId()) ? await urlGuard.ValidateAsync(url, webhooks.Egress, ct) : "Webhooks are not enabled on this server.";
            if (why is not null)
                return (null, Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.WebhookRejected, "The webhook URL is not allowed.", why));
        }

        var accepted = new List<AcceptedImage>();
        var rejected = new List<RejectedPart>();
        for (var i = 0; i < parts.Count; i++)
        {
            // A video (or animated GIF/WebP) part is judged by the media layer, anything else as an image.
            var (ok, bad) = await videoValidator.ValidateAsync(i, parts[i], ct) ?? await imageValidator.ValidateAsync(i, parts[i], ct);
            if (ok is not null)
                accepted.Add(ok);
            else
                rejected.Add(bad!);
        }
        // URL inputs take the indices after the uploads, in the order they were given.
        foreach (var (ok, bad) in await urlFetcher.FetchAsync(urls, parts.Count, http, ct))
        {
            if (ok is not null)
                accepted.Add(ok);
            else
                rejected.Add(bad!);
        }
        if (accepted.Count == 0)
            return (null, AllRejected(rejected));

        if (await backlog.TryAdmitAsync(http, accepted.Select(a => submitter.Route(a, parsed.Parameters.Detail).Tier.Name)) is { } full)
            return (null, full);

        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var view = await submitter.SubmitAsync(http.User.TenantId(), parsed, accepted, rejected, baseUrl, ct);
        var body = JsonSerializer.Serialize(view, ApiJson.Options);
        return (new StoredResponse(StatusCodes.Status202Accepted, "application/json; charset=utf-8", body, view.Links.Self), null);
    }

    /// <summary>
    /// No image is usable: the request fails as a whole, listing each part. One shared reason picks a specific status
    /// (415 unsupported_format and the video codes unsupported_codec, no_video_stream; 413 too_large and the video limits
    /// too_long, frame_too_large, frame_rate_too_high, too_many_frames, file_too_large); a mix is 400 no_valid_images.
    /// </summary>
    private static IResult AllRejected(IReadOnlyList<RejectedPart> rejected)
    {
        var reasons = rejected.Select(r => r.Reason).Distinct().ToList();
        var (status, reason) = reasons.Count == 1
            ? (reasons[0] switch
            {
                FailureReasons.UnsupportedFormat or MediaRefusalCodes.UnsupportedCodec or MediaRefusalCodes.NoVideoStream
                    => StatusCodes.Status415UnsupportedMediaType,
                FailureReasons.TooLarge or MediaRefusalCodes.TooLong or MediaRefusalCodes.FrameTooLarge or MediaRefusalCodes.FrameRateTooHigh
                    or MediaRefusalCodes.TooManyFrames or MediaRefusalCodes.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
                _ => StatusCodes.Status400BadRequest,
            }, reasons[0])
            : (StatusCodes.Status400BadRequest, ProblemReasons.NoValidImages);
        var detail = string.Join(" ", rejected.Select(r => $"Part {r.Index}{(r.FileName is null ? "" : $" ('{r.FileName}')")}: {r.Message}"));
        return Problems.Result(status, reason, "None of the images can be processed.", detail, [new("rejected", rejected)]);
    }

    private static async Task<string> FingerprintAsync(IFormCollection form, CancellationToken ct)
    {
        using var fingerprint = new RequestFingerprint();
        foreach (var field in SubmitFields.Parameters.Append(SubmitFields.ImageUrl))
            fingerprint.AddField(field, string.Join('\u001f', form[field].ToArray()));
        foreach (var part in ImageParts(form))
        {
            await using var stream = part.OpenReadStream();
            await fingerprint.AddPartAsync(part.FileName, part.Length, stream, ct);
        }
        return fingerprint.Finish();
    }

    private static List<IFormFile> ImageParts(IFormCollection form) =>
        form.Files.Where(f => string.Equals(f.Name, SubmitFields.Images, StringComparison.OrdinalIgnoreCase)).ToList();

    private static List<string> ImageUrls(IFormCollection form) =>
        form[SubmitFields.ImageUrl].Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!).ToList();

    private static IResult Send(HttpContext http, StoredResponse response)
    {
        if (response.Location is not null)
            http.Response.Headers.Location = response.Location;
        return Results.Content(response.Body, response.ContentType, statusCode: response.Status);
    }
}

/// <summary>The multipart form of POST /v1/jobs, for the OpenAPI document.</summary>
public sealed class SubmitJobForm
{
    /// <summary>One file part per image (PNG, JPEG, WebP, GIF) or video (MP4/MOV, WebM/Matroska, animated GIF/WebP).</summary>
    public IFormFileCollection? Images { get; init; }

    /// <summary>One field per image to fetch: an https URL, checked by the same SSRF guard as webhooks; items follow the uploads.</summary>
    public IReadOnlyList<string>? ImageUrl { get; init; }

    /// <summary>3d, anime, artstyle, design, handdrawn, illustration or sketch (default anime).</summary>
    public string? Style { get; init; }

    /// <summary>0..1, blend of the cartoon over the original (default 1).</summary>
    public float? Strength { get; init; }

    /// <summary>Long side of the output in pixels (64..Uploads:MaxOutputSide); default: the input size.</summary>
    public int? MaxSide { get; init; }

    /// <summary>png, jpeg or webp for images (default png); mp4, webm or gif for videos (default mp4; an animated GIF stays gif, an animated WebP webp).</summary>
    public string? Format { get; init; }

    /// <summary>1..100 for jpeg and webp (default 90).</summary>
    public int? Quality { get; init; }

    /// <summary>standard (default) or high: a larger work size with the background on overlapping tiles, faces looked for on a larger image; slower.</summary>
    public string? Detail { get; init; }

    /// <summary>http(s) URL that receives Standard Webhooks callbacks.</summary>
    public string? Webhook { get; init; }

    /// <summary>Comma-separated: completed, item.completed, item.failed, item.started (default completed).</summary>
    public string? WebhookEvents { get; init; }
}
