namespace Cartoon.Gateway.Errors;

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
