using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Cartoon.Contracts;
using Cartoon.Tests.Shared.Webhooks;
using MassTransit;

namespace Cartoon.Bench;

/// <summary>
/// `events [--jobs 300] [--items 2] [--replicas 1,3] [--out FILE]`: what job state costs the gateway on PostgreSQL.
/// For each replica count, a fresh stack (own vhost, bucket and database) with that many distributed gateways and no
/// worker: the jobs (small JPEGs, a "completed" webhook to a receiver in this process) are submitted across the replicas,
/// then this process plays the workers on the real broker: per group of 16 items, one ItemsStaged per stage (five), then one ItemCompleted per item, the
/// messages a worker publishes, all at once. The clock runs from the first event published to the last job completed,
/// its JobCompleted published and its webhook received. Reported: events applied per second, gateway CPU-ms per item
/// (submit, events, completion), S3 calls per item, and the checks that nothing was lost or repeated.
/// </summary>
internal static class EventsBench
{
    private const int MaxWarmupRounds = 6;

    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = Args.Int(args, "--jobs", 300);
        var items = Args.Int(args, "--items", 2);
        var replicaCounts = Args.Ints(args, "--replicas", [1, 3]);
        var warmup = Args.Int(args, "--warmup", 500);
        var report = new Report(Args.String(args, "--out"));
        report.Header("Job state on PostgreSQL: item events per second, gateway CPU per item",
            $"Cartoon.Bench events --jobs {jobs} --items {items} --replicas {string.Join(',', replicaCounts)} --warmup {warmup}");
        if (Environment.GetEnvironmentVariable("CARTOON_TEST_POSTGRES") is not { Length: > 0 })
            throw new InvalidOperationException("CARTOON_TEST_POSTGRES is not set: start the services (scripts/services.sh start) and source .local/services.env.");
        var jpeg = Portraits.JpegNear(6_000, 128);
        report.Line($"Per job: {items} JPEGs of {jpeg.Length / 1024.0:F1} KiB (128², the portrait sample) and a \"completed\" webhook to a receiver in the bench " +
                    "process. Distributed gateways (RabbitMQ, S3 server and PostgreSQL on this machine), no worker: the bench publishes the events a " +
                    "worker would (per group of 16 items: ItemsStaged for each of the five stages, then ItemCompleted per item) as fast as the broker takes them. Events clock: first event published → " +
                    "every job completed, its JobCompleted published and its webhook received. Before the timed run, " +
                    $"rounds of {warmup} jobs per replica go the same way uncounted until a round's JIT compile time is under 5 % of the gateways' CPU time " +
                    $"(at most {MaxWarmupRounds}): the figures are a long-running process's (tiered compilation settled), not its first minute's; the notes give the JIT time of each round and of the timed phases.");
        report.Line();
        report.Line("| gateways | jobs × items | submit wall | events | events wall | **events/s** (all replicas) | item outcomes/s | gateway CPU-ms per item: submit | events + completion | **total** | postgres CPU-ms per item | S3 calls per item (gateways) | webhooks: distinct / received |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var notes = new List<string>();
        foreach (var replicas in replicaCounts)
        {
            var row = await RunOnceAsync(replicas, jobs, items, warmup, jpeg);
            report.Line($"| {replicas} | {jobs} × {items} | {row.SubmitSeconds:F1} s | {row.Events} | {row.EventsSeconds:F2} s | **{row.Events / row.EventsSeconds:F0}** " +
                        $"({row.Events / row.EventsSeconds / replicas:F0} per replica) | {jobs * items / row.EventsSeconds:F0} | {row.SubmitCpuMs / (jobs * items):F2} | " +
                        $"{row.EventsCpuMs / (jobs * items):F2} | **{(row.SubmitCpuMs + row.EventsCpuMs) / (jobs * items):F2}** | " +
                        $"{row.PostgresCpuMs / (jobs * items):F2} | {row.StorageCalls} | {row.DistinctWebhooks} / {row.Webhooks} |");
            notes.Add($"{replicas} gateway(s): gateway CPU during the events phase {row.EventsCpuMs / 1000:F1} CPU-s of {Environment.ProcessorCount * row.EventsSeconds:F1} available; " +
                      $"publishing took {row.PublishSeconds:F2} s of the {row.EventsSeconds:F2} s ({row.Timeline}); all jobs succeeded: {row.AllSucceeded}.");
        }
        report.Line();
        foreach (var note in notes)
            report.Line($"- {note}");
        await report.SaveAsync();
        return 0;
    }

    private sealed record Row(double SubmitSeconds, int Events, double PublishSeconds, double EventsSeconds, double SubmitCpuMs, double EventsCpuMs,
        double PostgresCpuMs, string StorageCalls, int Webhooks, int DistinctWebhooks, bool AllSucceeded, string Timeline);

    private static async Task<Row> RunOnceAsync(int replicas, int jobCount, int items, int warmup, byte[] jpeg)
    {
        var work = Directory.CreateTempSubdirectory("cartoon-bench-events-");
        await using var stack = await BenchStack.CreateAsync(Path.Combine(work.FullName, "logs"));
        var database = stack.Database!;
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string> { ["Webhooks:AllowPrivateNetworks"] = "true", ["Webhooks:Secret"] = "whsec_" + Convert.ToBase64String(new byte[32]) };
        var gateways = Enumerable.Range(0, replicas).Select(i => stack.StartGateway($"gateway-{i}", settings)).ToList();
        foreach (var gateway in gateways)
            await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));

        var cpu = new CpuMeter();
        foreach (var gateway in gateways)
            cpu.With(gateway.Name, gateway.Pid);

        // Warm-up (not counted): rounds of the same path until the gateways' tiered compilation has settled.
        var warm = new List<Guid>();
        var warmRounds = await JitTime.WarmUpAsync(gateways, MaxWarmupRounds, async () =>
        {
            var batch = await SubmitAllAsync(gateways, warmup * gateways.Count, items, jpeg, receiver.Url);
            await PublishAsync(stack, batch, items);
            warm.AddRange(batch);
            await WaitAsync(database, receiver, warm.Count, TimeSpan.FromMinutes(5));
        });
        await Task.Delay(TimeSpan.FromSeconds(2));
        var jitStart = await JitTime.TotalAsync(gateways);
        var postgres = new PostgresCpu();
        var calls = new StorageCalls().With([.. gateways]);
        await calls.StartAsync();
        cpu.Start();
        var clock = Stopwatch.StartNew();
        var ids = await SubmitAllAsync(gateways, jobCount, items, jpeg, receiver.Url);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        var submitCpu = cpu.Stop().Sum(c => c.Seconds) * 1000;
        var jitSubmit = await JitTime.TotalAsync(gateways) - jitStart;

        var others = new CpuMeter().WithServices().With("bench (publisher, receiver)", Environment.ProcessId);
        cpu.Start();
        others.Start();
        postgres.Start();
        clock.Restart();
        var startedAt = DateTimeOffset.UtcNow;
        var events = await PublishAsync(stack, ids, items);
        var publishSeconds = clock.Elapsed.TotalSeconds;
        await WaitAsync(database, receiver, warm.Count + jobCount, TimeSpan.FromMinutes(10));
        var eventsSeconds = clock.Elapsed.TotalSeconds;
        var eventsCpu = cpu.Stop().Sum(c => c.Seconds) * 1000;
        var jitEvents = await JitTime.TotalAsync(gateways) - jitStart - jitSubmit;
        var postgresCpu = postgres.Stop() * 1000;
        var rest = string.Join(", ", others.Stop().Where(c => c.Name != "s3rver").Select(c => $"{c.Name} {c.Seconds:F1}"));
        var storage = StorageCalls.Describe(await calls.StopAsync(), jobCount * items, "item");
        var succeeded = await database.ScalarAsync($"SELECT count(*) FROM jobs WHERE status = 'succeeded' AND succeeded = {items}");
        // Where the events clock went: the last outcome applied, the last completion committed, the last webhook received.
        var lastOutcome = await database.ScalarAsync("SELECT (extract(epoch FROM max(updated_at)) * 1000)::bigint FROM job_items");
        var lastCompletion = await database.ScalarAsync("SELECT (extract(epoch FROM max(completed_at)) * 1000)::bigint FROM jobs");
        double Since(long unixMs) => (DateTimeOffset.FromUnixTimeMilliseconds(unixMs) - startedAt).TotalSeconds;
        var timeline = $"warm-up rounds of {warmup} jobs per gateway, gateway JIT compile time (s, the runtime's own clock: on busy cores it runs longer than the CPU it gets) against gateway CPU-s per round: {string.Join(", ", warmRounds)}; " +
                       $"JIT compile time in the timed phases: submit {jitSubmit:F2} s against {submitCpu / 1000:F1} CPU-s, events {jitEvents:F2} s against {eventsCpu / 1000:F1}; " +
                       $"CPU-s in the events phase besides the gateways: postgres {postgresCpu / 1000:F1}, {rest}; " +
                       $"last outcome applied {Since(lastOutcome):F2} s, last job completed {Since(lastCompletion):F2} s, " +
                       $"last webhook received {(receiver.LastAt - startedAt).TotalSeconds:F2} s";
        return new Row(submitSeconds, events, publishSeconds, eventsSeconds, submitCpu, eventsCpu, postgresCpu, storage,
            receiver.Received.Count, receiver.Distinct, succeeded == jobCount + warm.Count, timeline);
    }

    private static async Task<List<Guid>> SubmitAllAsync(IReadOnlyList<AppProcess> gateways, int jobCount, int items, byte[] jpeg, string webhook)
    {
        var clients = gateways.Select(g => new HttpClient { BaseAddress = g.Url, Timeout = TimeSpan.FromMinutes(1) }).ToList();
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, jobCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var form = new MultipartFormDataContent();
            for (var k = 0; k < items; k++)
            {
                var part = new ByteArrayContent(jpeg);
                part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                form.Add(part, "images", $"portrait-{k}.jpg");
            }
            form.Add(new StringContent("anime"), "style");
            form.Add(new StringContent(webhook), "webhook");
            form.Add(new StringContent("completed"), "webhookEvents");
            using var response = await clients[i % clients.Count].PostAsync("v1/jobs", form, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"Submit answered {(int)response.StatusCode}: {body}");
            ids.Add(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid());
        });
        foreach (var client in clients)
            client.Dispose();
        return [.. ids];
    }

    /// <summary>Items per group the bench plays: a CPU worker's group of small images (Tiers:MaxGroupSize 16).</summary>
    private const int GroupItems = 16;

    /// <summary>
    /// The messages workers publish, group by group (jobs packed into groups of <see cref="GroupItems"/> items): one
    /// ItemsStaged per stage for the group, then ItemCompleted per item. Returns how many.
    /// </summary>
    private static async Task<int> PublishAsync(DeploymentStack stack, IReadOnlyList<Guid> jobs, int items)
    {
        var bus = await PublisherBus.StartAsync(stack);
        try
        {
            var now = DateTimeOffset.UtcNow;
            var count = 0;
            var groups = jobs.Chunk(Math.Max(1, GroupItems / items)).ToList();
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (group, ct) =>
            {
                var refs = group.SelectMany(job => Enumerable.Range(0, items).Select(k => new ItemRef(job, k))).ToArray();
                foreach (var stage in ItemStages.Running)
                    await bus.Publish(new ItemsStaged { Stage = stage, Items = refs, Worker = "bench", Device = "cpu", BatchSize = refs.Length, At = DateTimeOffset.UtcNow }, ct);
                foreach (var item in refs)
                {
                    await bus.Publish(new ItemCompleted
                    {
                        EventId = StableIds.ForItem(item.JobId, item.ItemIndex), JobId = item.JobId, ItemIndex = item.ItemIndex,
                        ResultKey = $"jobs/{item.JobId:N}/results/{item.ItemIndex}.png", ContentType = "image/png", Width = 128, Height = 128,
                        Faces = 1, BatchSize = refs.Length, Device = "cpu", InferenceMs = 100, QueueWaitMs = 1, StartedAt = now, CompletedAt = DateTimeOffset.UtcNow,
                    }, ct);
                }
                Interlocked.Add(ref count, ItemStages.Running.Count + refs.Length);
            });
            return count;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Until every job is completed with nothing left in either outbox and <paramref name="webhooks"/> distinct webhooks arrived.</summary>
    private static async Task WaitAsync(PostgresDatabase database, WebhookReceiver receiver, int webhooks, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // The receiver first: the database is asked only once the webhooks are in, so polling adds no load to the run.
            if (receiver.Distinct >= webhooks
                && await database.ScalarAsync("SELECT count(*) FROM jobs WHERE completed_at IS NULL") == 0
                && await database.ScalarAsync("SELECT count(*) FROM outbox_messages") == 0
                && await database.ScalarAsync("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'") == 0)
                return;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Not done after {timeout}: {receiver.Distinct}/{webhooks} webhooks, " +
                                           $"{await database.ScalarAsync("SELECT count(*) FROM jobs WHERE completed_at IS NULL")} jobs open.");
            await Task.Delay(20);
        }
    }
}
