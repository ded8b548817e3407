using System.Globalization;
using System.Threading.RateLimiting;
using Cartoon.Gateway.Auth;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Errors;
using Cartoon.OptionsValidation;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Extensions;

public static class RateLimitExtensions
{
    public const string SubmitPolicy = "submit";
    public const string ReadPolicy = "read";

    /// <summary>
    /// Token buckets per API key (per remote address when the gateway runs open): "submit" for POST /v1/jobs, "read"
    /// for the rest of /v1, each RateLimits:Submit / RateLimits:Read unless the key overrides it. A refused request is
    /// 429 rate_limited with Retry-After from the limiter (when the next permit comes back).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.Section);

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SubmitPolicy, http => Partition(http, SubmitPolicy, (rules, key) => key?.SubmitLimit ?? rules.Submit));
            o.AddPolicy(ReadPolicy, http => Partition(http, ReadPolicy, (rules, key) => key?.ReadLimit ?? rules.Read));
            o.OnRejected = OnRejectedAsync;
        });
        return builder;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, string policy, Func<RateLimitOptions, ApiKeyEntry?, RateLimitRule> pick)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled)
            return RateLimitPartition.GetNoLimiter(policy);
        var keyId = http.User.KeyId();
        var key = http.RequestServices.GetRequiredService<ApiKeyRegistry>().ById(keyId);
        var partition = keyId is not null ? $"key:{keyId}" : $"ip:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";
        var rule = pick(options, key);
        return RateLimitPartition.GetTokenBucketLimiter(partition, _ => Bucket(rule));
    }

    /// <summary>Refills in steps of at least one second, so a large limit does not wake a timer every millisecond.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(RateLimitRule rule)
    {
        var step = rule.Window / rule.PermitLimit;
        var tokens = 1;
        if (step < TimeSpan.FromSeconds(1))
        {
            step = TimeSpan.FromSeconds(1);
            tokens = (int)Math.Ceiling(rule.PermitLimit / rule.Window.TotalSeconds);
        }
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = rule.PermitLimit,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = step,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<GatewayMetrics>().RequestRejected(ProblemReasons.RateLimited);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = Problems.Create(StatusCodes.Status429TooManyRequests, ProblemReasons.RateLimited,
                "Too many requests for this API key; retry after the time in Retry-After.", null, [new("retryAfterSeconds", seconds)]),
        });
    }
}
