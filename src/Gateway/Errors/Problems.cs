using Microsoft.AspNetCore.Mvc;

namespace Cartoon.Gateway.Errors;

/// <summary>
/// Every error the API returns is RFC 9457 ProblemDetails with a machine-readable "reason" extension (docs/api.md
/// lists them); clients branch on reason, people read title and detail.
/// </summary>
public static class Problems
{
    public static ProblemDetails Create(int status, string reason, string title, string? detail = null, IEnumerable<KeyValuePair<string, object?>>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["reason"] = reason;
        foreach (var (key, value) in extensions ?? [])
            problem.Extensions[key] = value;
        return problem;
    }

    public static IResult Result(int status, string reason, string title, string? detail = null, IEnumerable<KeyValuePair<string, object?>>? extensions = null) =>
        TypedResults.Problem(Create(status, reason, title, detail, extensions));

    public static IResult NotFound(string what) => Result(StatusCodes.Status404NotFound, "not_found", $"{what} not found.");
}

/// <summary>Machine-readable reasons of request-level errors (item-level ones are Cartoon.Engine.FailureReasons).</summary>
public static class ProblemReasons
{
    public const string InvalidOptions = "invalid_options";
    public const string TooManyImages = "too_many_images";
    public const string NoImages = "no_images";
    public const string NoValidImages = "no_valid_images";
    public const string RequestTooLarge = "request_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InvalidMultipart = "invalid_multipart";
    public const string WebhookRejected = "webhook_rejected";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyInUse = "idempotency_key_in_use";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string NotReady = "not_ready";
    public const string NoResult = "no_result";
    public const string ResultExpired = "result_expired";
    public const string JobTerminal = "job_terminal";
    public const string StorageUnavailable = "storage_unavailable";
    public const string BrokerUnavailable = "broker_unavailable";
    public const string DatabaseUnavailable = "database_unavailable";
    public const string InvalidCursor = "invalid_cursor";
    public const string Internal = "internal_error";
    public const string MissingApiKey = "missing_api_key";
    public const string InvalidApiKey = "invalid_api_key";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    public const string BacklogFull = "backlog_full";
    public const string StreamLimit = "stream_limit";
}
