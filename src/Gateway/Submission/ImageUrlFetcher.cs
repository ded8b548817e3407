using System.Net;
using Cartoon.Engine;
using Cartoon.Gateway.Egress;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// Fetches <c>imageUrl</c> inputs at submit so they enter the job exactly like uploads: the URL passes the SSRF guard's
/// submit-time check, the GET dials only through its connect-time check (redirects included), the body is capped at
/// Uploads:MaxImageBytes and ImageUrls:Timeout, and the bytes are judged by <see cref="ImageValidator"/> (sniffed, never
/// trusted by Content-Type). Each URL that fails becomes a <see cref="RejectedPart"/> with its reason; the others go on.
/// Fetched here rather than by a worker because routing needs each image's size, and a worker should never dial out.
/// </summary>
public sealed class ImageUrlFetcher(
    IHttpClientFactory clients,
    UrlGuard guard,
    ImageValidator validator,
    IOptions<ImageUrlOptions> options,
    IOptions<UploadOptions> uploads,
    ILogger<ImageUrlFetcher> logger)
{
    public const string HttpClientName = "image-urls";

    /// <summary>
    /// Fetches every URL (at most ImageUrls:MaxConcurrentFetches at once); item indices start at
    /// <paramref name="firstIndex"/>, in the order given. Fetched bytes are owned by <paramref name="owner"/>'s response.
    /// </summary>
    public async Task<IReadOnlyList<(AcceptedImage? Accepted, RejectedPart? Rejected)>> FetchAsync(
        IReadOnlyList<string> urls, int firstIndex, HttpContext owner, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(options.Value.MaxConcurrentFetches);
        var fetches = urls.Select(async (url, i) =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await FetchOneAsync(firstIndex + i, url.Trim(), owner, ct);
            }
            finally
            {
                gate.Release();
            }
        });
        return await Task.WhenAll(fetches);
    }

    private async Task<(AcceptedImage?, RejectedPart?)> FetchOneAsync(int index, string url, HttpContext owner, CancellationToken ct)
    {
        var opts = options.Value;
        var name = FileNameOf(url);
        if (await guard.ValidateAsync(url, opts.Egress, ct) is { } why)
            return Rejected(index, name, UrlFailureReasons.UrlRejected, why);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(opts.Timeout);
        Stream? bytes;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("image/*");
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                return Rejected(index, name, UrlFailureReasons.FetchFailed,
                    $"The server answered {(int)response.StatusCode} {response.ReasonPhrase} for {Shown(url)}.");
            var max = uploads.Value.MaxImageBytes;
            var declared = response.Content.Headers.ContentLength;
            if (declared > max)
                return TooLarge(index, name, declared.Value, max);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            bytes = await FetchBuffer.ReadAsync(body, max, declared, timeout.Token);
            if (bytes is null)
                return TooLarge(index, name, null, max);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Rejected(index, name, UrlFailureReasons.FetchTimeout, $"Fetching {Shown(url)} took longer than {opts.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is EgressBlockedException blocked)
        {
            // A host that passed at submit and resolved elsewhere at connect (DNS rebinding), or a redirect to an internal address.
            logger.LogWarning("Image URL {Url} refused at connect: {Why}", Shown(url), blocked.Message);
            return Rejected(index, name, UrlFailureReasons.UrlRejected, $"The image URL's host is not allowed: {blocked.Message}");
        }
        catch (HttpRequestException ex)
        {
            return Rejected(index, name, UrlFailureReasons.FetchFailed, $"{Shown(url)} could not be fetched: {ex.Message}");
        }

        owner.Response.RegisterForDisposeAsync(bytes);
        var part = new FormFile(bytes, 0, bytes.Length, SubmitFields.ImageUrl, name ?? "image");
        return await validator.ValidateAsync(index, part, ct);
    }

    private static (AcceptedImage?, RejectedPart?) Rejected(int index, string? name, string reason, string message) =>
        (null, new RejectedPart(index, name, reason, message));

    private static (AcceptedImage?, RejectedPart?) TooLarge(int index, string? name, long? bytes, long max) =>
        Rejected(index, name, FailureReasons.TooLarge,
            $"The image at this URL has {(bytes is { } b ? $"{b} bytes" : "more bytes than allowed")}; an image may have at most {max}.");

    /// <summary>The URL's last path segment, for display like an upload's file name.</summary>
    internal static string? FileNameOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? ImageValidator.DisplayName(WebUtility.UrlDecode(uri.Segments.LastOrDefault() ?? "")) : null;

    /// <summary>The URL without its query (which often carries a signature or token) for messages and logs.</summary>
    internal static string Shown(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "the URL";
}
