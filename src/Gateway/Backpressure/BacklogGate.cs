using System.Globalization;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Errors;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Backpressure;

/// <summary>
/// Refuses a submit (503 backlog_full + Retry-After) when, for any tier it touches, the items already queued plus
/// this submission's items exceed the tier's maximum. Runs before anything is stored, so a refused submit leaves
/// nothing behind.
/// </summary>
public sealed class BacklogGate(ITierBacklog backlog, IOptions<BackpressureOptions> options, GatewayMetrics metrics)
{
    /// <summary>Null when the submission may go ahead (and it is then counted as admitted); else the 503 to answer.</summary>
    public async ValueTask<IResult?> TryAdmitAsync(HttpContext http, IEnumerable<string> itemTiers)
    {
        var perTier = itemTiers.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var (tier, count) in perTier)
        {
            var limit = options.Value.LimitFor(tier);
            if (limit <= 0 || await backlog.QueuedAsync(tier, http.RequestAborted) is not { } queued || queued + count <= limit)
                continue;

            metrics.RequestRejected(ProblemReasons.BacklogFull, tier);
            http.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Result(StatusCodes.Status503ServiceUnavailable, ProblemReasons.BacklogFull,
                "Too much work is queued; try again later.",
                $"The '{tier}' tier holds {queued} queued items; this submission would add {count}, over its maximum of {limit}.",
                [new("tier", tier), new("queued", queued), new("maxQueued", limit)]);
        }
        backlog.Admitted(perTier);
        return null;
    }
}
