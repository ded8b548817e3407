using System.Diagnostics;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Streaming;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Endpoints;

/// <summary>
/// GET /v1/jobs/{id}/events: the job's progress as Server-Sent Events. A new stream starts with the whole job
/// ("job"), then sends every stage an item enters ("item.stage"), every outcome ("item.completed", "item.failed",
/// "item.canceled") and, once the job is terminal, "completed" with the whole job, and ends. Each event's id is the
/// client's position (<see cref="JobStreamCursor"/>): reconnecting with Last-Event-ID, to any replica, sends exactly
/// what was missed; after "completed" such a reconnect gets 204, which tells an EventSource to stop.
/// </summary>
public static class JobEventStreamEndpoint
{
    public const string LastEventIdHeader = "Last-Event-ID";

    internal static async Task<IResult> HandleAsync(
        Guid id,
        HttpContext http,
        JobStore jobs,
        JobViewFactory views,
        QueuePositions positions,
        JobChangeFeed feed,
        GatewayMetrics metrics,
        IOptions<JobStreamOptions> options,
        CancellationToken ct)
    {
        var settings = options.Value;
        if (!metrics.TryOpenStream(settings.MaxStreams))
        {
            http.Response.Headers.RetryAfter = "5";
            return Problems.Result(StatusCodes.Status503ServiceUnavailable, ProblemReasons.StreamLimit,
                "Too many event streams are open on this server.", "Retry later, or poll GET /v1/jobs/{id}.");
        }
        try
        {
            // Subscribed before the first read: a change committed between the read and the first wait is not missed.
            using var changes = feed.Subscribe(id);
            var job = await jobs.GetAsync(id, ct);
            if (job is null)
                return Problems.NotFound("Job");
            var cursor = JobStreamCursor.Parse(http.Request.Headers[LastEventIdHeader].FirstOrDefault(), job.Total);
            if (cursor is { Done: true })
                return Results.NoContent();

            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var sse = new SseWriter(http.Response);
            await RunAsync(sse, job, cursor, id, jobs, views, positions, changes, metrics, settings, ct);
            return Results.Empty;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
            return Results.Empty;
        }
        finally
        {
            metrics.StreamClosed();
        }
    }

    private static async Task RunAsync(SseWriter sse, JobSnapshot job, JobStreamCursor? cursor, Guid id, JobStore jobs, JobViewFactory views,
        QueuePositions positions, JobChangeSubscription changes, GatewayMetrics metrics, JobStreamOptions settings, CancellationToken ct)
    {
        await sse.RetryAsync(settings.ReconnectMilliseconds, ct);
        if (cursor is null)
        {
            cursor = JobStreamDiff.CursorOf(job);
            await SendAsync(new JobStreamEvent(JobStreamEventTypes.Job, cursor.ToString(), views.Create(job, await positions.EstimateAsync(job, ct))));
        }
        var open = Stopwatch.StartNew();
        while (true)
        {
            foreach (var e in JobStreamDiff.Next(job, cursor, views))
                await SendAsync(e);
            if (cursor.Done || open.Elapsed >= settings.MaxDuration)
                return;
            if (!await changes.WaitAsync(settings.HeartbeatInterval, ct))
                await sse.HeartbeatAsync(ct);
            var next = await jobs.GetAsync(id, ct);
            if (next is null)
            {
                await SendAsync(new JobStreamEvent(JobStreamEventTypes.Deleted, cursor.ToString(), new { jobId = id }));
                return;
            }
            job = next;
        }

        async Task SendAsync(JobStreamEvent e)
        {
            await sse.EventAsync(e, ct);
            metrics.StreamEvent(e.Type);
        }
    }
}
