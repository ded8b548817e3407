namespace Cartoon.Gateway.Submission;

/// <summary>Why an <c>imageUrl</c> input was rejected, beside the upload reasons (too_large, unsupported_format, …) it shares.</summary>
public static class UrlFailureReasons
{
    /// <summary>The SSRF guard or the URL rules refused it (scheme, credentials, a non-public address at submit or at connect).</summary>
    public const string UrlRejected = "url_rejected";

    /// <summary>The server could not be reached or answered other than 2xx.</summary>
    public const string FetchFailed = "fetch_failed";

    /// <summary>The fetch took longer than ImageUrls:Timeout.</summary>
    public const string FetchTimeout = "fetch_timeout";
}
