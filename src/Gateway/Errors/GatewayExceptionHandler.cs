using System.Globalization;
using Cartoon.Database;
using Cartoon.Gateway.Options;
using Cartoon.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Errors;

/// <summary>
/// Exceptions to ProblemDetails: dependencies that are down answer 503 with Retry-After (the client should come back),
/// anything else 500 with a generic text — exception messages and stack traces never leave the process.
/// </summary>
public sealed class GatewayExceptionHandler(
    IProblemDetailsService problemDetails,
    IOptions<GatewayOptions> options,
    ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, reason, title) = exception switch
        {
            StorageUnavailableException => (StatusCodes.Status503ServiceUnavailable, ProblemReasons.StorageUnavailable, "Storage is unavailable; try again later."),
            _ when DatabaseErrors.IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, ProblemReasons.DatabaseUnavailable, "The job database is unavailable; try again later."),
            BrokerUnavailableException => (StatusCodes.Status503ServiceUnavailable, ProblemReasons.BrokerUnavailable, "The job queue is unavailable; try again later."),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, ProblemReasons.RequestTooLarge, "The request body is too large."),
            BadHttpRequestException bad => (bad.StatusCode, "bad_request", "The request could not be read."),
            _ => (StatusCodes.Status500InternalServerError, ProblemReasons.Internal, "An internal error occurred."),
        };
        if (status >= 500)
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", httpContext.Request.Method, httpContext.Request.Path, status);
        if (status == StatusCodes.Status503ServiceUnavailable)
            httpContext.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = Problems.Create(status, reason, title),
        });
    }
}
