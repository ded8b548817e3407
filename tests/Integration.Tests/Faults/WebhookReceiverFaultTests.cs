using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Webhooks;
using Cartoon.Integration.Tests.Infrastructure;
using Xunit.Abstractions;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>A gateway and a worker process shared by the tests of one class (they fault neither).</summary>
public sealed class RunningStack : IAsyncLifetime
{
    internal ProcessStack Stack { get; private set; } = null!;

    internal AppProcess Gateway { get; private set; } = null!;

    internal JobsApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stack = await ProcessStack.CreateAsync();
        Gateway = await Stack.StartGatewayAsync();
        await Stack.StartWorkerAsync();
        Api = new JobsApi(() => Gateway);
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>
/// Fault 4: webhook receivers that are down or broken. Deliveries are persisted with every attempt and retried on the
/// schedule (here 1, 2, 2, 3, 3 s, no jitter); a receiver that comes back gets the signed delivery, one that always fails
/// leaves the delivery "failed" with its attempts in the job status, and other jobs' webhooks are not held up by it.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class WebhookReceiverFaultTests(RunningStack running, ITestOutputHelper output) : IClassFixture<RunningStack>
{
    private const int Attempts = 6; // the first attempt + the 5 retries of ProcessStack.GatewaySettings
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    private JobsApi Api => running.Api;

    [Fact]
    public async Task A_receiver_that_is_down_then_back_gets_the_signed_completed_webhook()
    {
        using var report = new Finally(() => running.Stack.LogOutputsTo(output));
        var port = Ports.Unused(); // nothing listens there yet: connection refused
        var answer = await Api.SubmitAsync(ProcessStack.Pictures(4), ("webhook", $"http://127.0.0.1:{port}/hook"));
        Assert.True(answer.Accepted, $"{answer} {answer.Body}");
        var id = answer.Job!.Id;

        var failing = await WaitForDeliveryAsync(id, d => d.Attempts.Count >= 2);
        Assert.Equal(DeliveryStatuses.Pending, failing.Status);
        Assert.All(failing.Attempts, a => Assert.True(a.StatusCode is null && !string.IsNullOrEmpty(a.Error), $"attempt {a.Number}: {a.StatusCode} {a.Error}"));

        await using var receiver = await WebhookReceiver.StartAsync(port);
        var hooks = await receiver.WaitForAsync(id, 1, TimeSpan.FromSeconds(30));
        var delivered = await WaitForDeliveryAsync(id, d => d.Status == DeliveryStatuses.Delivered);

        var hook = Assert.Single(hooks);
        Assert.True(StandardWebhooks.Verify(InProcessGateway.Secret, hook), "signature does not verify");
        Assert.Equal("completed", hook.Type);
        Assert.Equal(delivered.Id, hook.Id);
        Assert.Equal(200, delivered.Attempts[^1].StatusCode);
        var job = await Api.GetAsync(id);
        Assert.Equal(JobStatuses.Succeeded, job.Status);
        running.Stack.AssertNoCrash();
        output.WriteLine($"receiver down then up: delivered on attempt {delivered.Attempts.Count} " +
                         $"({delivered.Attempts.Count - 1} refused), {(hook.At - delivered.Attempts[0].At).TotalSeconds:F1} s after the first attempt; signature verified");
    }

    [Fact]
    public async Task A_receiver_that_always_fails_leaves_its_attempts_in_the_job_status_and_holds_up_no_other_job()
    {
        using var report = new Finally(() => running.Stack.LogOutputsTo(output));
        await using var broken = await WebhookReceiver.StartAsync(status: 500);
        await using var healthy = await WebhookReceiver.StartAsync();

        var bad = await Api.SubmitAsync(ProcessStack.Pictures(4), ("webhook", broken.Url), ("webhookEvents", "completed,item.completed"));
        Assert.True(bad.Accepted, $"{bad} {bad.Body}");
        var badId = bad.Job!.Id;
        // The broken receiver is being retried when the next job completes.
        await WaitForDeliveryAsync(badId, d => d.Attempts.Count >= 1);
        var good = await Api.SubmitAsync(ProcessStack.Pictures(2), ("webhook", healthy.Url));
        Assert.True(good.Accepted, $"{good} {good.Body}");
        var goodId = good.Job!.Id;

        var goodJob = (await Api.WaitAllTerminalAsync([goodId], JobTimeout, running.Stack.DescribeAll))[0];
        var goodHook = Assert.Single(await healthy.WaitForAsync(goodId, 1, TimeSpan.FromSeconds(30)));
        var lag = goodHook.At - goodJob.Timings.CompletedAt!.Value;
        Assert.True(lag < TimeSpan.FromSeconds(10), $"the healthy receiver got its webhook {lag.TotalSeconds:F1} s after the job completed");
        var badWhileGoodDelivered = await Api.GetAsync(badId);

        // Every delivery of the broken receiver's job ends "failed" after the whole schedule, each attempt recorded.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        JobView badJob;
        while (true)
        {
            badJob = await Api.GetAsync(badId);
            if (badJob.Webhook!.Deliveries.Count == 5 && badJob.Webhook.Deliveries.All(d => d.Status == DeliveryStatuses.Failed))
                break;
            Assert.True(DateTime.UtcNow < deadline, "deliveries not failed in time: " +
                string.Join("; ", badJob.Webhook.Deliveries.Select(d => $"{d.Event} {d.Status} {d.Attempts.Count}")));
            await Task.Delay(250);
        }
        Assert.Equal(JobStatuses.Succeeded, badJob.Status); // the job itself is done: only its webhook failed
        foreach (var delivery in badJob.Webhook.Deliveries)
        {
            Assert.Equal(Attempts, delivery.Attempts.Count);
            Assert.All(delivery.Attempts, a => Assert.Equal(500, a.StatusCode));
            Assert.Null(delivery.NextAttemptAt);
        }
        Assert.Equal(5 * Attempts, broken.For(badId).Count); // 4 item.completed + 1 completed, each tried 6 times
        Assert.All(broken.For(badId), h => Assert.True(StandardWebhooks.Verify(InProcessGateway.Secret, h)));
        running.Stack.AssertNoCrash();
        output.WriteLine($"always-500 receiver: {badJob.Webhook.Deliveries.Count} deliveries x {Attempts} attempts recorded, all failed; " +
                         $"meanwhile the healthy receiver got its webhook {lag.TotalSeconds:F2} s after its job completed " +
                         $"(broken job's deliveries then: {string.Join(",", badWhileGoodDelivered.Webhook!.Deliveries.Select(d => d.Status).Distinct())})");
    }

    private async Task<WebhookDeliveryView> WaitForDeliveryAsync(Guid id, Func<WebhookDeliveryView, bool> until)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var job = await Api.GetAsync(id);
            var delivery = job.Webhook?.Deliveries.FirstOrDefault(d => d.Event == WebhookEvents.Completed && until(d))
                           ?? job.Webhook?.Deliveries.FirstOrDefault(until);
            if (delivery is not null)
                return delivery;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {id}: no webhook delivery reached the expected state; last: " +
                    string.Join("; ", job.Webhook?.Deliveries.Select(d => $"{d.Event} {d.Status} {d.Attempts.Count}") ?? []) +
                    Environment.NewLine + running.Stack.DescribeAll());
            await Task.Delay(200);
        }
    }
}
