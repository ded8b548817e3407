using Cartoon.Gateway.Auth;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Endpoints;

/// <summary>GET /v1/jobs?status=&amp;limit=&amp;cursor=: the caller's jobs, newest first, keyset-paginated.</summary>
public static class ListJobsEndpoint
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    private static readonly string[] Statuses = [JobStatuses.Queued, JobStatuses.Processing, JobStatuses.Succeeded, JobStatuses.Failed, JobStatuses.Canceled];

    internal static async Task<IResult> HandleAsync(HttpContext http, JobStore jobs, JobViewFactory views, string? status, int? limit, string? cursor,
        CancellationToken ct)
    {
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
            return Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.InvalidOptions, "Unknown status filter.",
                $"status must be one of {string.Join(", ", Statuses)}.");
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
            return Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.InvalidOptions, "Invalid limit.", $"limit must be within 1..{MaxLimit}.");
        JobListCursor? after = null;
        if (cursor is not null)
        {
            if (!JobListCursor.TryParse(cursor, out var parsed))
                return Problems.Result(StatusCodes.Status400BadRequest, ProblemReasons.InvalidCursor, "Invalid cursor.",
                    "Pass the nextCursor of a previous page unchanged.");
            after = parsed;
        }

        // One row more than asked tells whether another page follows.
        var rows = await jobs.ListAsync(http.User.TenantId(), status, after, size + 1, ct);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? new JobListCursor(page[^1].SubmittedAt, page[^1].Id).Encode() : null;
        return TypedResults.Ok(new JobListView(page.Select(views.Summary).ToList(), next));
    }
}
