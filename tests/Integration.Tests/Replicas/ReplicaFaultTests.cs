using System.Diagnostics;
using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Faults;
using Cartoon.Integration.Tests.Infrastructure;
using Xunit.Abstractions;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Replicas;

/// <summary>
/// The chart's shape as processes: three gateway replicas and two workers on one RabbitMQ, one S3 server and one
/// PostgreSQL. Jobs are submitted across all replicas with webhooks, through <see cref="ReplicaClient"/>.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ReplicaFaultTests(ITestOutputHelper output)
{
    /// <summary>Jobs of one small picture each; CARTOON_REPLICA_JOBS overrides (at least 300 in CI).</summary>
    private static readonly int Jobs = int.TryParse(Environment.GetEnvironmentVariable("CARTOON_REPLICA_JOBS"), out var n) ? n : 300;

    private static readonly Dictionary<string, string?> GatewayFaultSettings = new()
    {
        // A submit killed mid-way holds its key this long before a retry on another replica takes it over.
        ["Idempotency:InFlightTimeout"] = "00:00:05",
        // ... and its job, if it was never handed to the broker, is closed this soon.
        ["Gateway:HandOffTimeout"] = "00:00:15",
        ["Storage:SweepInterval"] = "00:00:02",
        ["Tiers:MaxGroupSize"] = "8",
        ["Tiers:TimeLimit"] = "00:00:00.200",
    };

    private static readonly Dictionary<string, string?> WorkerFaultSettings = new()
    {
        ["Tiers:MaxGroupSize"] = "8",
        ["Tiers:TimeLimit"] = "00:00:00.200",
    };

    [Fact]
    public async Task Three_replicas_one_killed_9_midway_every_job_terminal_with_exactly_one_completed_webhook()
    {
        await using var stack = await ProcessStack.CreateAsync();
        using var report = new Finally(() => stack.LogOutputsTo(output));
        var tap = await OutcomeTap.StartAsync(stack.VirtualHost);
        await using var receiver = await WebhookReceiver.StartAsync();
        var gateways = new List<AppProcess>();
        for (var i = 0; i < 3; i++)
            gateways.Add(await stack.StartGatewayAsync(GatewayFaultSettings));
        await stack.StartWorkerAsync(WorkerFaultSettings);
        await stack.StartWorkerAsync(WorkerFaultSettings);
        var client = new ReplicaClient(gateways);
        var pictures = ProcessStack.Pictures(16);
        var clock = Stopwatch.StartNew();

        // Six concurrent submitters; the second replica is killed with -9 once half the jobs are in.
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<string, JobView>();
        var next = -1;
        var killedAt = TimeSpan.Zero;
        var victim = gateways[1];
        async Task SubmitterAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Jobs)
            {
                if (i == Jobs / 2 && !victim.HasExited)
                {
                    victim.Kill();
                    killedAt = clock.Elapsed;
                }
                var key = $"replica-job-{i:D4}";
                accepted[key] = await client.SubmitAsync([pictures[i % pictures.Count]], key, TimeSpan.FromMinutes(2),
                    ("webhook", receiver.Url), ("webhookEvents", "completed"));
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SubmitterAsync()));
        var submittedIn = clock.Elapsed;
        Assert.Equal(137, victim.ExitCode);
        Assert.Equal(Jobs, accepted.Count);

        var ids = accepted.Values.Select(j => j.Id).ToList();
        Assert.Equal(Jobs, ids.Distinct().Count());
        var api = new JobsApi(() => client.Live.First());
        var jobs = await api.WaitAllTerminalAsync(ids, TimeSpan.FromMinutes(12), stack.DescribeAll);
        Assert.All(jobs, j => Assert.Equal(JobStatuses.Succeeded, j.Status));
        var terminalIn = clock.Elapsed;

        // Exactly one distinct "completed" webhook-id per job, each signed; retries may repeat an id, never add one.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (ids.Any(id => receiver.For(id).Count == 0) && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a second, different webhook would arrive within the poll interval
        foreach (var id in ids)
        {
            var hooks = receiver.For(id);
            Assert.True(hooks.Select(h => h.Id).Distinct().Count() == 1, $"job {id}: {hooks.Count} webhooks with ids {string.Join(", ", hooks.Select(h => h.Id).Distinct())}");
            Assert.All(hooks, h => Assert.True(StandardWebhooks.Verify(InProcessGateway.Secret, h), $"job {id}: signature does not verify"));
            Assert.All(hooks, h => Assert.Equal("completed", h.Type));
        }
        var repeats = receiver.Received.Count - receiver.Received.Select(h => h.Id).Distinct().Count();

        // No item outcome ever announced two ways, and the state agrees with what workers announced.
        var ledger = await tap.ReadAsync();
        Assert.True(ledger.Conflicts.Count == 0, "items announced with different outcomes: " + string.Join("; ", ledger.Conflicts));
        foreach (var job in jobs)
            Assert.All(job.Items, item => Assert.Contains(JobStatuses.Succeeded, ledger.OutcomesOf(job.Id, item.Index)));

        // The listing: every accepted job exactly once; anything else listed is a job whose 202 never reached the
        // client (its replica was killed), and it too ends terminal (closed by the hand-off sweep if never handed over).
        var listed = await client.ListAllAsync(pageSize: 37);
        Assert.Equal(listed.Count, listed.Select(j => j.Id).Distinct().Count());
        Assert.Empty(ids.Except(listed.Select(j => j.Id)));
        var orphans = listed.Select(j => j.Id).Except(ids).ToList();
        if (orphans.Count > 0)
            await api.WaitAllTerminalAsync(orphans, TimeSpan.FromMinutes(1), stack.DescribeAll);
        Assert.True(listed.Zip(listed.Skip(1)).All(p => p.First.SubmittedAt >= p.Second.SubmittedAt), "listing is not newest first");

        Assert.True(client.Problems.Count == 0, "answers other than 2xx/4xx/503+Retry-After: " + string.Join("; ", client.Problems));
        stack.AssertNoCrash(); // the replica the test killed is not a crash
        output.WriteLine($"{Jobs} jobs over 3 gateway replicas (one killed -9 at {killedAt.TotalSeconds:F1} s) and 2 workers: submitted in " +
                         $"{submittedIn.TotalSeconds:F1} s, all succeeded in {terminalIn.TotalSeconds:F1} s; webhooks: {ids.Count} distinct ids for " +
                         $"{ids.Count} jobs, {repeats} repeated deliveries of an id; orphan jobs from the kill: {orphans.Count}; " +
                         $"announcements {ledger.Seen.Count} ({ledger.Duplicates} duplicates), conflicts 0; answers: " +
                         string.Join(", ", client.Answers.GroupBy(a => (int)a).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
    }
}
