using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Cartoon.Contracts;
using Cartoon.Tests.Shared.Streaming;
using MassTransit;

namespace Cartoon.Bench;

/// <summary>
/// `sse [--jobs 100] [--replicas 2] [--interval-ms 20] [--out FILE]`: how long a stage takes from a worker's publish to
/// a client's event stream on another replica. A fresh stack (own vhost, bucket, database) with that many distributed
/// gateways on PostgreSQL: one-item jobs submitted to the first, one event stream per job opened on the LAST; then, for
/// each of the five stages, this process publishes one ItemsStaged per job on RabbitMQ (any replica may consume and
/// apply it) every interval, and each stream's reader timestamps the event when it arrives. A warm-up pass of the same
/// kind runs first. Reported: latency percentiles, the share within 250 ms, and whether every stream got every stage.
/// </summary>
internal static class SseBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = Args.Int(args, "--jobs", 100);
        var replicas = Args.Int(args, "--replicas", 2);
        var interval = TimeSpan.FromMilliseconds(Args.Int(args, "--interval-ms", 20));
        var report = new Report(Args.String(args, "--out"));
        report.Header("Job event streams: stage published → event on a stream of another replica",
            $"Cartoon.Bench sse --jobs {jobs} --replicas {replicas} --interval-ms {interval.TotalMilliseconds:F0}");
        if (Environment.GetEnvironmentVariable("CARTOON_TEST_POSTGRES") is not { Length: > 0 })
            throw new InvalidOperationException("CARTOON_TEST_POSTGRES is not set: start the services (scripts/services.sh start) and source .local/services.env.");

        var work = Directory.CreateTempSubdirectory("cartoon-bench-sse-");
        await using var stack = await BenchStack.CreateAsync(Path.Combine(work.FullName, "logs"));
        var gateways = Enumerable.Range(0, replicas).Select(i => stack.StartGateway($"gateway-{i}")).ToList();
        foreach (var gateway in gateways)
            await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        var bus = await PublisherBus.StartAsync(stack);
        try
        {
            var jpeg = Portraits.JpegNear(6_000, 128);
            await MeasureAsync(gateways, bus, jpeg, Math.Min(jobs, 20), interval); // warm-up, not reported
            var run = await MeasureAsync(gateways, bus, jpeg, jobs, interval);
            var ms = run.Latencies.Select(l => l.TotalMilliseconds).ToList();
            report.Line($"{replicas} gateways (Release builds, PostgreSQL, RabbitMQ and the S3 server on this machine); " +
                        $"streams on gateway-{replicas - 1}, events consumed by whichever gateway the broker gives them to (the 50 ms batch window of " +
                        "the event consumers included). One stage of every job is published per round, one publish every interval.");
            report.Line();
            report.Line("| stage events | p50 | p95 | p99 | max | within 250 ms | streams with all 5 stages and `completed` |");
            report.Line("| --- | --- | --- | --- | --- | --- | --- |");
            report.Line($"| {ms.Count} | {Stats.Percentile(ms, 50):F0} ms | {Stats.Percentile(ms, 95):F0} ms | {Stats.Percentile(ms, 99):F0} ms | {ms.Max():F0} ms | " +
                        $"{100.0 * ms.Count(m => m <= 250) / ms.Count:F1} % | {run.Complete} / {jobs} |");
            await report.SaveAsync();
            return run.Complete == jobs ? 0 : 1;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private sealed record Run(List<TimeSpan> Latencies, int Complete);

    private static async Task<Run> MeasureAsync(IReadOnlyList<AppProcess> gateways, IBusControl bus, byte[] jpeg, int jobs, TimeSpan interval)
    {
        using var submitter = new HttpClient { BaseAddress = gateways[0].Url };
        using var watcher = new HttpClient { BaseAddress = gateways[^1].Url, Timeout = Timeout.InfiniteTimeSpan };
        var ids = new List<Guid>();
        for (var i = 0; i < jobs; i++)
        {
            using var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(jpeg);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "images", "portrait.jpg");
            using var response = await submitter.PostAsync("v1/jobs", form);
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"Submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            ids.Add(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        }

        var published = new ConcurrentDictionary<(Guid, string), long>();
        var latencies = new ConcurrentBag<TimeSpan>();
        var complete = 0;
        var clock = Stopwatch.StartNew();
        var streams = new List<SseClient>();
        foreach (var id in ids)
        {
            var stream = await SseClient.OpenAsync(watcher, $"v1/jobs/{id}/events");
            await stream.TakeAsync(1, TimeSpan.FromSeconds(30)); // the "job" event
            streams.Add(stream);
        }
        var readers = streams.Select((stream, n) => Task.Run(async () =>
        {
            var stages = 0;
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            while (await stream.NextAsync(cts.Token) is { } e)
            {
                if (e.Type == "item.stage")
                {
                    var at = clock.ElapsedTicks;
                    var stage = e.Json.GetProperty("stage").GetString()!;
                    if (published.TryGetValue((ids[n], stage), out var sent))
                        latencies.Add(TimeSpan.FromTicks((long)((at - sent) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
                    stages++;
                }
                else if (e.Type == "completed")
                {
                    if (stages == ItemStages.Running.Count)
                        Interlocked.Increment(ref complete);
                    break;
                }
            }
        })).ToList();

        var t0 = DateTimeOffset.UtcNow;
        foreach (var stage in ItemStages.Running)
        {
            foreach (var id in ids)
            {
                published[(id, stage)] = clock.ElapsedTicks;
                await bus.Publish(new ItemsStaged
                {
                    Stage = stage, Items = [new ItemRef(id, 0)], Worker = "bench", Device = "cpu", BatchSize = 1,
                    At = t0.AddMilliseconds(ItemStages.Ordinal(stage)),
                });
                await Task.Delay(interval);
            }
        }
        foreach (var id in ids)
            await bus.Publish(new ItemCompleted
            {
                EventId = StableIds.ForItem(id, 0), JobId = id, ItemIndex = 0, ResultKey = $"jobs/{id:N}/results/0.png", ContentType = "image/png",
                Width = 128, Height = 128, Faces = 1, BatchSize = 1, Device = "cpu", InferenceMs = 100, QueueWaitMs = 1, StartedAt = t0,
                CompletedAt = DateTimeOffset.UtcNow,
            });
        await Task.WhenAll(readers);
        foreach (var stream in streams)
            await stream.DisposeAsync();
        return new Run([.. latencies], complete);
    }
}
