namespace Cartoon.Engine;

/// <summary>Machine-readable reasons an item fails; they travel in events, job status and ProblemDetails.</summary>
public static class FailureReasons
{
    public const string Empty = "empty";
    public const string InvalidImage = "invalid_image";
    public const string UnsupportedFormat = "unsupported_format";
    public const string TooLarge = "too_large";
    public const string DecodeTimeout = "decode_timeout";
    public const string InvalidOptions = "invalid_options";
    public const string Canceled = "canceled";
    public const string Internal = "internal_error";
}

/// <summary>An input the engine refuses, with its machine-readable reason.</summary>
public sealed class ImageRejectedException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
