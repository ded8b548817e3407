using System.Net;
using System.Net.Http.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Streaming;
using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Observability;
using Cartoon.Tests.Shared.Streaming;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Replicas;

/// <summary>
/// Two gateway replicas on one PostgreSQL database, each with its own bus: a stream open on one replica hears every
/// change the other one applies (LISTEN/NOTIFY), stage by stage, and a reconnect to the other replica resumes it.
/// </summary>
public sealed class JobStreamAcrossReplicasTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private GatewayPair? _replicas;
    private InProcessGateway? _a;
    private InProcessGateway? _b;

    public async Task InitializeAsync()
    {
        _replicas = await GatewayPair.StartAsync("sse");
        (_a, _b) = (_replicas.A, _replicas.B);
        var deadline = DateTime.UtcNow + Timeout;
        while (!(Listening(_a) && Listening(_b)) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.True(Listening(_a) && Listening(_b), "the replicas never started listening for job changes");
    }

    private static bool Listening(InProcessGateway gateway) => gateway.Services.GetRequiredService<PostgresJobChangeListener>().Listening;

    [Fact]
    public async Task A_stream_on_one_replica_gets_every_stage_and_outcome_the_other_replica_applies_and_resumes_on_either()
    {
        using var clientA = _a!.Client();
        using var clientB = _b!.Client();
        using var submit = await clientA.PostAsync("/v1/jobs", E2eImages.Form([("a.png", TestPictures.Png(96, 96, seed: 1)), ("b.png", TestPictures.Png(96, 96, seed: 2))]));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var job = (await submit.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;

        await using var stream = await SseClient.OpenAsync(clientA, $"/v1/jobs/{job.Id}/events");
        Assert.Equal("job", (await stream.TakeAsync(1, Timeout))[0].Type);

        // Replica B applies each stage (its own bus, its own consumer); replica A's stream must see it.
        var busB = _b.Services.GetRequiredService<IBus>();
        var t0 = DateTimeOffset.UtcNow;
        var latencies = new List<TimeSpan>();
        string? lastId = null;
        foreach (var stage in ItemStages.Running.Take(3))
        {
            var sent = DateTimeOffset.UtcNow;
            await busB.Publish(new ItemsStaged
            {
                Stage = stage, Items = [new ItemRef(job.Id, 0), new ItemRef(job.Id, 1)], Worker = "w", Device = "cpu", BatchSize = 2,
                At = t0.AddMilliseconds(ItemStages.Ordinal(stage)),
            });
            var got = await stream.TakeAsync(2, Timeout);
            latencies.Add(DateTimeOffset.UtcNow - sent);
            Assert.Equal([stage, stage], got.Select(e => e.Json.GetProperty("stage").GetString()));
            Assert.Equal([0, 1], got.Select(e => e.Json.GetProperty("item").GetInt32()));
            lastId = got[^1].Id;
        }
        output.WriteLine($"publish on B → event on A's stream: {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:F0} ms"))} (includes the 50 ms batch window)");
        Assert.Equal("1.33", lastId);

        // The client moves to replica B with its last id; B sends the rest, applied by A this time.
        await stream.DisposeAsync();
        await using var resumed = await SseClient.OpenAsync(clientB, $"/v1/jobs/{job.Id}/events", lastId);
        var busA = _a.Services.GetRequiredService<IBus>();
        foreach (var stage in ItemStages.Running.Skip(3))
            await busA.Publish(new ItemsStaged
            {
                Stage = stage, Items = [new ItemRef(job.Id, 0), new ItemRef(job.Id, 1)], Worker = "w", Device = "cpu", BatchSize = 2,
                At = t0.AddMilliseconds(ItemStages.Ordinal(stage)),
            });
        Assert.Equal(4, (await resumed.TakeAsync(4, Timeout)).Count(e => e.Type == "item.stage"));
        for (var i = 0; i < 2; i++)
        {
            await _a.Store.PutAsync(JobObjectKeys.Result(job.Id, i, "png"), TestPictures.Png(96, 96, seed: i), "image/png");
            await busA.Publish(new ItemCompleted
            {
                EventId = StableIds.ForItem(job.Id, i), JobId = job.Id, ItemIndex = i, ResultKey = JobObjectKeys.Result(job.Id, i, "png"),
                ContentType = "image/png", Width = 96, Height = 96, Faces = 0, BatchSize = 2, Device = "cpu", InferenceMs = 10, QueueWaitMs = 1,
                StartedAt = t0, CompletedAt = DateTimeOffset.UtcNow,
            });
        }
        var rest = await resumed.ReadUntilAsync("completed", Timeout);
        Assert.Equal(["item.completed", "item.completed", "completed"], rest.Select(e => e.Type));
        Assert.Equal("succeeded", rest[^1].Json.GetProperty("status").GetString());
    }

    public async Task DisposeAsync()
    {
        if (_replicas is not null)
            await _replicas.DisposeAsync();
    }
}
