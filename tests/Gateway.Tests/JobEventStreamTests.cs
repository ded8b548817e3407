using System.Net;
using System.Net.Http.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using Cartoon.Tests.Shared.Streaming;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// GET /v1/jobs/{id}/events: the job first, then every stage and outcome in order, "completed" and the end; resuming
/// with Last-Event-ID sends exactly what was missed; heartbeats on an idle stream; refusals as ProblemDetails.
/// </summary>
public sealed class JobEventStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly GatewayApp _app = new(settings: new Dictionary<string, string?>
    {
        ["Streams:HeartbeatInterval"] = "00:00:00.300",
        ["Streams:MaxStreams"] = "3",
    });

    private readonly DateTimeOffset _t0 = DateTimeOffset.UtcNow.AddSeconds(-10);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<JobView> SubmitAsync(int images, params (string Name, string Value)[] fields) => _app.SubmitPngsAsync(images, fields);

    /// <summary>
    /// What a worker's group of the job's items publishes: each stage 100 ms after the last, then (unless
    /// <paramref name="outcomes"/> is false) the outcomes, once the stages were applied (seconds later on a real group).
    /// </summary>
    private async Task RunGroupAsync(Guid jobId, int items, IEnumerable<string>? stages = null, bool outcomes = true)
    {
        var indexes = Enumerable.Range(0, items).ToArray();
        var entered = (stages ?? ItemStages.Running).ToList();
        foreach (var stage in entered)
            await _app.Bus.Publish(Events.Staged(jobId, stage, indexes, _t0.AddMilliseconds(100 * ItemStages.Ordinal(stage))));
        await _app.WaitForAsync(jobId, j => j.Items.All(i => i.Stage == entered[^1]));
        if (!outcomes)
            return;
        foreach (var i in indexes)
        {
            await _app.Store.PutAsync(JobObjectKeys.Result(jobId, i, "png"), TestImages.Png(), "image/png");
            await _app.Bus.Publish(Events.Completed(jobId, i));
        }
    }

    /// <summary>Item and stage of a stage event, item and type of an outcome: what the client learns, in order.</summary>
    private static List<string> Steps(IEnumerable<SseEvent> events) => [.. events.Select(e => e.Type switch
    {
        "item.stage" => $"{e.Json.GetProperty("item").GetInt32()}:{e.Json.GetProperty("stage").GetString()}",
        "item.completed" or "item.failed" or "item.canceled" => $"{e.Json.GetProperty("item").GetProperty("index").GetInt32()}:{e.Type}",
        _ => e.Type,
    })];

    private static readonly List<string> WholeRun =
    [
        "0:fetching", "1:fetching", "0:decoding", "1:decoding", "0:inferring", "1:inferring", "0:encoding", "1:encoding",
        "0:storing", "1:storing", "0:item.completed", "1:item.completed", "completed",
    ];

    [Fact]
    public async Task A_stream_sends_the_job_then_every_stage_in_order_then_the_outcomes_and_completed_and_ends()
    {
        var job = await SubmitAsync(2);
        using var client = _app.CreateClient();
        await using var stream = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events");
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        Assert.Equal("text/event-stream", stream.ContentType);

        var first = (await stream.ReadUntilAsync("job", Timeout)).Single();
        Assert.Equal(job.Id, first.Json.GetProperty("id").GetGuid());
        Assert.Equal("1.00", first.Id);
        Assert.Equal(2000, stream.Retry);

        await RunGroupAsync(job.Id, 2);
        var events = await stream.ReadUntilAsync("completed", Timeout);

        Assert.Equal(WholeRun, Steps(events));
        var completed = events[^1].Json;
        Assert.Equal(JobStatuses.Succeeded, completed.GetProperty("status").GetString());
        Assert.Equal("1.66.done", events[^1].Id);
        Assert.Equal("storing", events[8].Json.GetProperty("stage").GetString());
        Assert.NotNull(events[10].Json.GetProperty("item").GetProperty("result").GetProperty("url").GetString());
        // Each id is the position after its event: never behind the one before.
        Assert.Equal(events.Select(e => e.Id), events.Select(e => e.Id).OrderBy(id => id!.Replace(".done", "").Sum(c => c - '0')));
        using var end = new CancellationTokenSource(Timeout);
        Assert.Null(await stream.NextAsync(end.Token)); // the server closed it
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_sends_exactly_what_was_missed_and_204_after_completed()
    {
        var job = await SubmitAsync(2);
        using var client = _app.CreateClient();
        string resumeFrom;
        List<SseEvent> before;
        await using (var stream = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events"))
        {
            await stream.ReadUntilAsync("job", Timeout);
            await RunGroupAsync(job.Id, 2, ItemStages.Running.Take(2), outcomes: false);
            before = await stream.TakeAsync(3, Timeout);
            resumeFrom = before[^1].Id!;
        }
        Assert.Equal(["0:fetching", "1:fetching", "0:decoding"], Steps(before));
        Assert.Equal("1.21", resumeFrom);

        await RunGroupAsync(job.Id, 2, ItemStages.Running.Skip(2));
        await _app.WaitForAsync(job.Id, j => j.Status == JobStatuses.Succeeded);
        await using (var resumed = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events", resumeFrom))
        {
            var rest = await resumed.ReadUntilAsync("completed", Timeout);
            Assert.DoesNotContain(rest, e => e.Type == "job");
            Assert.Equal(WholeRun.Skip(3), Steps(rest));

            await using var again = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events", rest[^1].Id);
            Assert.Equal(HttpStatusCode.NoContent, again.Status);
        }

        // An id that is not this job's (another item count, garbage) starts over with the whole job.
        await using var fresh = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events", "1.000");
        Assert.Equal(["job", "completed"], (await fresh.ReadUntilAsync("completed", Timeout)).Select(e => e.Type));
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeat_comments()
    {
        var job = await SubmitAsync(1);
        using var client = _app.CreateClient();
        await using var stream = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events");
        using var cts = new CancellationTokenSource(Timeout);
        Assert.Equal("job", (await stream.NextAsync(cts.Token))!.Type);
        var next = await stream.NextAsync(cts.Token);
        Assert.Equal("heartbeat", next!.Type);
    }

    [Fact]
    public async Task A_canceled_job_streams_its_canceled_items_and_completed_with_status_canceled()
    {
        var job = await SubmitAsync(2);
        using var client = _app.CreateClient();
        await using var stream = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events");
        await stream.ReadUntilAsync("job", Timeout);
        await _app.Bus.Publish(Events.Staged(job.Id, ItemStages.Fetching, [0]));
        Assert.Equal(["0:fetching"], Steps(await stream.ReadUntilAsync("item.stage", Timeout)));

        using (var cancel = await client.PostAsync($"/v1/jobs/{job.Id}/cancel", null))
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var events = await stream.ReadUntilAsync("completed", Timeout);
        Assert.Equal(["0:item.canceled", "1:item.canceled", "completed"], Steps(events));
        Assert.Equal(JobStatuses.Canceled, events[^1].Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_jobs_are_404_and_streams_over_the_limit_503_with_a_reason()
    {
        using var client = _app.CreateClient();
        await using (var unknown = await SseClient.OpenAsync(client, $"/v1/jobs/{Guid.CreateVersion7()}/events"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.Status);

        var job = await SubmitAsync(1);
        var open = new List<SseClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var s = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events");
                open.Add(s);
                await s.ReadUntilAsync("job", Timeout);
            }
            using var refused = await client.GetAsync($"/v1/jobs/{job.Id}/events");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Equal("stream_limit", problem.GetProperty("reason").GetString());
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        finally
        {
            foreach (var s in open)
                await s.DisposeAsync();
        }
    }
}
