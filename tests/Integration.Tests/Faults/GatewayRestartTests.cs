using System.Diagnostics;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Webhooks;
using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;
using Xunit.Abstractions;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// Fault 5: kill -9 of the gateway with one job done but its webhook still pending (the receiver is down) and another
/// job's items in flight. Job state and pending deliveries live in the store and the item events wait in the gateway's
/// durable queue, so a new gateway process on the same store and broker serves both jobs complete and delivers the
/// webhooks once the receiver is up.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class GatewayRestartTests(ITestOutputHelper output)
{
    private const int FirstItems = 8;
    private const int SecondItems = 16; // four groups: still in flight when the first job's webhook was tried

    // Long enough that the first job's delivery is still being retried when the new gateway takes over.
    private static readonly Dictionary<string, string?> SlowRetries = new()
    {
        ["Webhooks:RetrySchedule:0"] = "00:00:01",
        ["Webhooks:RetrySchedule:1"] = "00:00:02",
        ["Webhooks:RetrySchedule:2"] = "00:00:05",
        ["Webhooks:RetrySchedule:3"] = "00:00:10",
        ["Webhooks:RetrySchedule:4"] = "00:00:20",
        ["Webhooks:RetrySchedule:5"] = "00:00:30",
    };

    [Fact]
    public async Task After_a_kill_9_of_the_gateway_a_new_gateway_serves_every_job_complete_and_delivers_the_pending_webhooks()
    {
        await using var stack = await ProcessStack.CreateAsync();
        using var report = new Finally(() => stack.LogOutputsTo(output));
        var tap = await OutcomeTap.StartAsync(stack.VirtualHost);
        var gateway = await stack.StartGatewayAsync(SlowRetries);
        await stack.StartWorkerAsync();
        var api = new JobsApi(() => gateway);
        var receiverPort = Ports.Unused(); // down until the new gateway runs
        var webhook = ("webhook", $"http://127.0.0.1:{receiverPort}/hook");

        var first = await api.SubmitAsync(ProcessStack.Pictures(FirstItems), webhook);
        var second = await api.SubmitAsync(ProcessStack.Pictures(SecondItems), webhook);
        Assert.True(first.Accepted && second.Accepted, $"{first} / {second}");
        var ids = new[] { first.Job!.Id, second.Job!.Id };

        // The first job done, its webhook refused at least once; the second job's items still in flight.
        var done = (await api.WaitAllTerminalAsync([ids[0]], TimeSpan.FromMinutes(2), stack.DescribeAll))[0];
        var pending = await WaitAsync(api, ids[0], j => j.Webhook!.Deliveries.Any(d => d.Attempts.Count >= 1));
        var inFlight = await api.GetAsync(ids[1]);
        Assert.Equal(DeliveryStatuses.Pending, pending.Webhook!.Deliveries.Single().Status);
        Assert.NotEqual(JobStatuses.Succeeded, inFlight.Status);

        gateway.Kill();
        var clock = Stopwatch.StartNew();
        Assert.Equal(137, gateway.ExitCode);

        await using var receiver = await WebhookReceiver.StartAsync(receiverPort);
        gateway = await stack.StartGatewayAsync(SlowRetries);
        var restartedIn = clock.Elapsed;

        // Served by the new process from the store: the first job exactly as it was left, webhook attempts included.
        var firstAfter = await api.GetAsync(ids[0]);
        Assert.Equal(JobStatuses.Succeeded, firstAfter.Status);
        Assert.Equal(done.Items.Select(i => (i.Index, i.Status)), firstAfter.Items.Select(i => (i.Index, i.Status)));
        Assert.True(firstAfter.Webhook!.Deliveries.Single().Attempts.Count >= pending.Webhook.Deliveries.Single().Attempts.Count,
            "webhook attempts recorded before the kill are gone");

        var jobs = await api.WaitAllTerminalAsync(ids, TimeSpan.FromMinutes(3), stack.DescribeAll);
        Assert.All(jobs, j => Assert.Equal(JobStatuses.Succeeded, j.Status));
        Assert.Equal(FirstItems + SecondItems, await api.VerifyResultsAsync(jobs, ProcessStack.ImageSide, ProcessStack.ImageSide));

        foreach (var id in ids)
        {
            var hooks = await receiver.WaitForAsync(id, 1, TimeSpan.FromMinutes(1));
            var hook = Assert.Single(hooks);
            Assert.True(StandardWebhooks.Verify(InProcessGateway.Secret, hook), $"job {id}: signature does not verify");
            Assert.Equal("completed", hook.Type);
            var delivered = await WaitAsync(api, id, j => j.Webhook!.Deliveries.Single().Status == DeliveryStatuses.Delivered);
            Assert.Equal(hook.Id, delivered.Webhook!.Deliveries.Single().Id);
        }
        var firstDelivery = (await api.GetAsync(ids[0])).Webhook!.Deliveries.Single();

        var ledger = await tap.ReadAsync();
        Assert.Equal(FirstItems + SecondItems, ledger.Distinct);
        Assert.True(ledger.Conflicts.Count == 0, "items announced with different outcomes: " + string.Join("; ", ledger.Conflicts));
        stack.AssertNoCrash();
        output.WriteLine($"gateway kill -9 with job 1 done (webhook pending, {pending.Webhook.Deliveries.Single().Attempts.Count} attempts refused) " +
                         $"and job 2 at {inFlight.Progress.Done}/{SecondItems}: new gateway ready in {restartedIn.TotalSeconds:F1} s; both jobs served " +
                         $"succeeded, {FirstItems + SecondItems} results valid, lost 0, conflicting outcomes 0, duplicate announcements {ledger.Duplicates}; " +
                         $"job 1's webhook delivered on attempt {firstDelivery.Attempts.Count}, both webhooks signed and delivered " +
                         $"{clock.Elapsed.TotalSeconds:F1} s after the kill");
    }

    private static async Task<JobView> WaitAsync(JobsApi api, Guid id, Func<JobView, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var job = await api.GetAsync(id);
            if (job.Webhook is not null && until(job))
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {id} did not reach the expected state: " +
                    string.Join("; ", job.Webhook?.Deliveries.Select(d => $"{d.Event} {d.Status} {d.Attempts.Count}") ?? []));
            await Task.Delay(200);
        }
    }
}
