using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Minio.Exceptions;
using Polly;
using Polly.Retry;

namespace Cartoon.Storage;

/// <summary>Which failures are worth a retry, and the retry pipeline the S3 store wraps its calls in.</summary>
internal static class StorageResilience
{
    /// <summary>
    /// Transient: the server could not be reached or answered "try later" (connection refused/reset, DNS,
    /// request timeout, 5xx, 429). Not transient: missing objects, bad credentials, invalid names, and a
    /// cancellation asked for by the caller.
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken)
    {
        if (exception is OperationCanceledException && callerToken.IsCancellationRequested)
        {
            return false;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OperationCanceledException: // the SDK's own request timeout fired, not the caller
                case TimeoutException:
                case HttpRequestException:
                case SocketException:
                case IOException:
                case ConnectionException:
                case InternalServerException:
                    return true;
                // The SDK's own response parsing throws this on an empty or cut response (seen from s3rver under load
                // and while it starts, on a 404 too); a retry gets a whole answer, including a proper 404.
                case NullReferenceException { Source: "Minio" }:
                    return true;
                case MinioException { ServerResponse: { } response }
                    when (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests:
                    return true;
            }
        }

        return false;
    }

    public static ResiliencePipeline CreateRetryPipeline(StorageOptions options, ILogger logger)
    {
        if (options.RetryCount <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    Log.StorageRetry(logger, args.AttemptNumber + 1, options.RetryCount, args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Exception?.GetType().Name, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The delay before retry <paramref name="attempt"/> (0-based) where a loop retries by hand (listing).</summary>
    public static TimeSpan Backoff(StorageOptions options, int attempt)
    {
        var baseMs = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        return TimeSpan.FromMilliseconds(baseMs * (0.5 + Random.Shared.NextDouble()));
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "Storage call failed transiently, retry {Attempt}/{MaxAttempts} in {DelayMs:F0} ms: {ExceptionType}: {ExceptionMessage}")]
    public static partial void StorageRetry(ILogger logger, int attempt, int maxAttempts, double delayMs, string? exceptionType, string? exceptionMessage);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Storage ready: {Description}")]
    public static partial void StorageReady(ILogger logger, string description);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Critical,
        Message = "Storage is not usable at start ({Description}): {Reason}. The host stops; check Storage:* settings and that the server is up.")]
    public static partial void StorageNotReady(ILogger logger, Exception exception, string description, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Created bucket {Bucket} on {Endpoint}")]
    public static partial void BucketCreated(ILogger logger, string bucket, string endpoint);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "Removed {Count} stale temporary files under {TempDir}")]
    public static partial void TempFilesRemoved(ILogger logger, int count, string tempDir);
}
