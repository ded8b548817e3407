using System.Diagnostics;
using Cartoon.Gateway.Jobs;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// Fault 1: kill -9 of the worker process while it holds a group. The group's messages were never acked (results are
/// stored and events published before the ack), so the broker hands them to the next worker: nothing is lost.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class WorkerKillTests(ITestOutputHelper output)
{
    private const int Jobs = 4;
    private const int ItemsPerJob = 15;
    private const int Items = Jobs * ItemsPerJob;

    [Fact]
    public async Task Sixty_items_all_complete_once_after_the_worker_is_killed_in_the_middle_of_a_group_and_another_starts()
    {
        await using var stack = await ProcessStack.CreateAsync();
        using var report = new Finally(() => stack.LogOutputsTo(output));
        var tap = await OutcomeTap.StartAsync(stack.VirtualHost);
        var gateway = await stack.StartGatewayAsync();
        var api = new JobsApi(() => gateway);
        var queue = $"{stack.Prefix}-s";

        // Everything is queued before any worker runs.
        var images = ProcessStack.Pictures(ItemsPerJob);
        var ids = new List<Guid>();
        for (var j = 0; j < Jobs; j++)
        {
            var answer = await api.SubmitAsync(images);
            Assert.True(answer.Accepted, $"submit {j}: {answer} {answer.Body}");
            ids.Add(answer.Job!.Id);
        }
        Assert.Equal((uint)Items, await stack.VirtualHost.ReadyCountAsync(queue));

        var clock = Stopwatch.StartNew();
        var first = await stack.StartWorkerAsync();
        // One group done (the engine is warm), then kill -9 as soon as the worker holds the next group.
        await tap.WaitForAsync(ProcessStack.GroupSize, TimeSpan.FromMinutes(2));
        var (before, readyBefore) = await WaitUntilWorkerHoldsMessagesAsync(stack, tap, queue);
        first.Kill();
        var killedAt = clock.Elapsed;
        Assert.Equal(137, first.ExitCode);

        // The broker requeues what the dead worker held unacked: the ready count grows although nothing was submitted.
        var readyAfter = await WaitForReadyToSettleAsync(stack, queue);
        var requeued = (int)readyAfter - (int)readyBefore;
        Assert.True(requeued >= 1,
            $"the kill landed outside a group: ready {readyBefore} before, {readyAfter} after, {before.Distinct} outcomes. {stack.DescribeAll()}");

        await stack.StartWorkerAsync();
        var jobs = await api.WaitAllTerminalAsync(ids, TimeSpan.FromMinutes(4), stack.DescribeAll);
        var recovered = clock.Elapsed - killedAt;

        var items = jobs.SelectMany(j => j.Items).ToList();
        Assert.Equal(Items, items.Count);
        var notSucceeded = items.Where(i => i.Status != JobStatuses.Succeeded).Select(i => $"{i.Index} {i.Status} {i.Reason}").ToList();
        Assert.True(notSucceeded.Count == 0, $"items not succeeded: {string.Join(", ", notSucceeded)}");
        Assert.Equal(Items, await api.VerifyResultsAsync(jobs, ProcessStack.ImageSide, ProcessStack.ImageSide));

        var ledger = await tap.ReadAsync();
        Assert.Equal(Items, ledger.Distinct);
        Assert.True(ledger.Conflicts.Count == 0, "items announced with different outcomes: " + string.Join("; ", ledger.Conflicts));
        stack.AssertNoCrash();
        output.WriteLine($"worker kill -9: accepted {Items}, completed {items.Count(i => i.Status == JobStatuses.Succeeded)}, lost 0, " +
                         $"conflicting outcomes 0, duplicate announcements {ledger.Duplicates}; {before.Distinct} outcomes before the kill, " +
                         $"{requeued} messages requeued by it; all done {recovered.TotalSeconds:F1} s after the kill " +
                         $"(run {clock.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>
    /// Waits until messages are out of the queue without an outcome: the worker holds them unacked (it acks only after
    /// publishing the outcome). Killing right after the first group's outcomes could land between its ack and the
    /// broker's next delivery, when the worker holds nothing.
    /// </summary>
    private static async Task<(OutcomeLedger Outcomes, uint Ready)> WaitUntilWorkerHoldsMessagesAsync(
        ProcessStack stack, OutcomeTap tap, string queue)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var ready = await stack.VirtualHost.ReadyCountAsync(queue);
            var outcomes = await tap.ReadAsync();
            if (ready + outcomes.Distinct < Items)
                return (outcomes, ready);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the worker never held a group: ready {ready}, {outcomes.Distinct} outcomes");
            await Task.Delay(20);
        }
    }

    /// <summary>The ready count once the broker has requeued the dead consumer's messages (two equal reads in a row).</summary>
    private static async Task<uint> WaitForReadyToSettleAsync(ProcessStack stack, string queue)
    {
        var previous = await stack.VirtualHost.ReadyCountAsync(queue);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(250);
            var current = await stack.VirtualHost.ReadyCountAsync(queue);
            if (current == previous)
                return current;
            previous = current;
        }
        return previous;
    }
}
