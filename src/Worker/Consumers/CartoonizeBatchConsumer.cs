using System.Diagnostics;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Worker.Diagnostics;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Consumers;

/// <summary>
/// Consumes one tier's commands in memory-sized groups and runs ONE engine call per group.
/// <list type="number">
/// <item>Items of canceled jobs (cancel marker present; one lookup per distinct job) fail as "canceled".</item>
/// <item>Inputs are fetched concurrently; a missing input fails as invalid_image ("input_missing").</item>
/// <item>ItemsStaged as the group enters each stage (fetching, decoding, inferring, encoding, storing): one message
/// per stage for all its items, whatever their jobs (progress only: a failed publish is logged).</item>
/// <item>One <see cref="ICartoonEngine.CartoonizeAsync"/> call for all remaining items. A bad item comes back
/// failed with its reason while its neighbours succeed. Should the call itself throw, each item is run alone so
/// one poisoned item cannot fail its neighbours; if every item still throws, the fault is the worker's, not the
/// items': the exception propagates (retry, then _error + Fault).</item>
/// <item>Every result is stored at its ResultKey (an idempotent overwrite) before any event is published and before
/// the group returns (returning acks every message of the group).</item>
/// <item>ItemCompleted / ItemFailed per item, with EventId = StableIds.ForItem(job, index), so a redelivered group
/// republishes the same ids.</item>
/// </list>
/// A storage outage throws out of the group: nothing is acked, the retry policy of the endpoint runs the group again.
/// </summary>
public sealed partial class CartoonizeBatchConsumer(
    ICartoonEngine engine,
    IBlobStore store,
    WorkerEndpoints endpoints,
    GroupsInFlight groups,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<CartoonizeBatchConsumer> logger) : IConsumer<Batch<CartoonizeItem>>
{
    private readonly int _storageConcurrency = options.Value.StorageConcurrency;

    public async Task Consume(ConsumeContext<Batch<CartoonizeItem>> context)
    {
        using var inFlight = groups.Enter();

        // The consume timeout lives here rather than in MassTransit's UseTimeout: on a batch consumer (8.5.12) its
        // fault path tries to serialize a Fault<Batch<T>> and fails, hiding the real exception from Fault<T>.
        var timeout = endpoints.ConsumeTimeoutFor(context.ReceiveContext.InputAddress);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await ConsumeGroupAsync(context, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // No inner exception: MassTransit turns any exception whose base exception is an OperationCanceledException
            // into a bare ConsumerCanceledException, and the fault would no longer say why.
            throw new GroupTimeoutException(timeout, context.Message.Length);
        }
    }

    private async Task ConsumeGroupAsync(ConsumeContext<Batch<CartoonizeItem>> context, CancellationToken ct)
    {
        var startedAt = time.GetUtcNow();
        var clock = Stopwatch.StartNew();

        var items = ItemMapping.DistinctItems(context.Message.Select(m => m.Message));
        var slots = items.Select(i => new Slot(i)).ToArray();
        var tier = items.Count > 0 ? items[0].Tier : "?";
        foreach (var item in items)
            metrics.RecordQueueWait(item.Tier, startedAt - item.SubmittedAt);

        await SkipCanceledJobsAsync(slots, ct).ConfigureAwait(false);
        var stages = new GroupStages(context, engine.Device, time, logger, ct);
        stages.Enter(ItemStages.Fetching, Running(slots));
        await FetchInputsAsync(slots, ct).ConfigureAwait(false);

        var pending = new List<Slot>();
        foreach (var slot in slots.Where(s => s.Failure is null))
        {
            if (ItemMapping.TryCreateRequest(slot.Item, slot.Input, out var request, out var failure))
            {
                slot.Request = request;
                pending.Add(slot);
            }
            else
            {
                slot.Failure = failure;
            }
        }

        var stats = await RunEngineAsync(tier, pending, stages, ct).ConfigureAwait(false);
        stages.Enter(ItemStages.Storing, slots.Where(s => s.Result is not null).Select(s => s.Item).ToArray());
        await StoreResultsAsync(slots, ct).ConfigureAwait(false);
        await stages.FlushAsync().ConfigureAwait(false);

        var completedAt = time.GetUtcNow();
        await PublishOutcomesAsync(context, slots, pending.Count, completedAt, startedAt, stages, ct).ConfigureAwait(false);

        LogGroup(logger, tier, context.Message.Length, pending.Count,
            slots.Count(s => s.Result is not null), slots.Count(s => s.Failure is not null),
            stats.Faces, engine.Device, stats.InferenceMs, clock.Elapsed.TotalMilliseconds);
    }

    private async Task SkipCanceledJobsAsync(Slot[] slots, CancellationToken ct)
    {
        var jobs = slots.Select(s => s.Item.JobId).Distinct().ToArray();
        var canceled = new HashSet<Guid>();
        await Parallel.ForEachAsync(jobs, StorageParallelism(ct), async (job, token) =>
        {
            if (await store.ExistsAsync(JobObjectKeys.CancelMarker(job), token).ConfigureAwait(false))
            {
                lock (canceled)
                    canceled.Add(job);
            }
        }).ConfigureAwait(false);

        foreach (var slot in slots.Where(s => canceled.Contains(s.Item.JobId)))
            slot.Failure = new ItemFailure(FailureReasons.Canceled, "The job was canceled before this item ran.");
    }

    private static CartoonizeItem[] Running(IEnumerable<Slot> slots) => slots.Where(s => s.Failure is null).Select(s => s.Item).ToArray();

    private async Task FetchInputsAsync(Slot[] slots, CancellationToken ct)
    {
        await Parallel.ForEachAsync(slots.Where(s => s.Failure is null), StorageParallelism(ct), async (slot, token) =>
        {
            var blob = await store.GetAsync(slot.Item.InputKey, token).ConfigureAwait(false);
            if (blob is null)
                slot.Failure = new ItemFailure(FailureReasons.InvalidImage,
                    "input_missing: the uploaded image is gone (expired or deleted) before the item ran.");
            else
                slot.Input = blob.Data;
        }).ConfigureAwait(false);
    }

    /// <summary>ONE engine call for the group; per-item fallback only when that call throws.</summary>
    private async Task<RunSummary> RunEngineAsync(string tier, List<Slot> pending, GroupStages stages, CancellationToken ct)
    {
        if (pending.Count == 0)
            return new RunSummary(0, 0);

        CartoonGroupResult group;
        var running = Running(pending);
        try
        {
            group = await engine.CartoonizeAsync(pending.Select(s => s.Request!).ToArray(),
                stage => stages.Enter(stage.Name(), running), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogGroupThrew(logger, ex, pending.Count);
            return await RunEachAloneAsync(tier, pending, ex, ct).ConfigureAwait(false);
        }
        metrics.RecordEngineCall(tier, group.Stats.Device, pending.Count, group.Stats.Faces, group.Stats.InferenceMs);

        var run = ItemRun.Shared(pending.Count, group.Stats.InferenceMs);
        var matched = ItemMapping.MatchResults(pending.Select(s => s.Request!).ToArray(), group.Items);
        for (var i = 0; i < pending.Count; i++)
            pending[i].Complete(matched[i], run);
        return new RunSummary(group.Stats.Faces, group.Stats.InferenceMs);
    }

    private async Task<RunSummary> RunEachAloneAsync(string tier, List<Slot> pending, Exception groupFault, CancellationToken ct)
    {
        var threw = 0;
        var faces = 0;
        var inferenceMs = 0.0;
        foreach (var slot in pending)
        {
            try
            {
                var solo = await engine.CartoonizeAsync([slot.Request!], ct).ConfigureAwait(false);
                metrics.RecordEngineCall(tier, solo.Stats.Device, 1, solo.Stats.Faces, solo.Stats.InferenceMs);
                slot.Complete(ItemMapping.MatchResults([slot.Request!], solo.Items)[0], ItemRun.Shared(1, solo.Stats.InferenceMs));
                faces += solo.Stats.Faces;
                inferenceMs += solo.Stats.InferenceMs;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                threw++;
                LogItemThrew(logger, ex, slot.Item.JobId, slot.Item.ItemIndex);
                slot.Failure = new ItemFailure(FailureReasons.Internal, "The engine failed on this image.");
                slot.Run = ItemRun.Shared(1, 0);
            }
        }

        // Every item threw alone as well: the engine (device, models) is at fault, not the items.
        if (threw == pending.Count)
            throw new InvalidOperationException($"The engine failed on every item of a group of {pending.Count}.", groupFault);

        return new RunSummary(faces, inferenceMs);
    }

    private async Task StoreResultsAsync(Slot[] slots, CancellationToken ct)
    {
        await Parallel.ForEachAsync(slots.Where(s => s.Result is not null), StorageParallelism(ct), async (slot, token) =>
        {
            var result = slot.Result!;
            await store.PutAsync(slot.Item.ResultKey, result.Output!, ItemMapping.ContentType(result.Format), token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task PublishOutcomesAsync(ConsumeContext context, Slot[] slots, int executed, DateTimeOffset completedAt,
        DateTimeOffset startedAt, GroupStages stages, CancellationToken ct)
    {
        var device = engine.Device;
        var publishes = new List<Task>(slots.Length);
        foreach (var slot in slots)
        {
            var run = slot.Run ?? ItemRun.NotRun(executed);
            if (slot.Result is { } result)
            {
                publishes.Add(context.Publish(ItemMapping.Completed(slot.Item, result, run, device, startedAt, completedAt, stages.Of(slot.Item)), ct));
                metrics.RecordSucceeded(slot.Item.Tier, device);
            }
            else
            {
                publishes.Add(context.Publish(ItemMapping.Failed(slot.Item, slot.Failure!.Value, run, device, startedAt, completedAt, stages.Of(slot.Item)), ct));
                metrics.RecordFailed(slot.Failure!.Value.Reason);
            }
        }
        await Task.WhenAll(publishes).ConfigureAwait(false);
    }

    private ParallelOptions StorageParallelism(CancellationToken ct) => new() { CancellationToken = ct, MaxDegreeOfParallelism = _storageConcurrency };

    private readonly record struct RunSummary(int Faces, double InferenceMs);

    /// <summary>One item's way through the group. Exactly one of Result / Failure is set once it is decided.</summary>
    private sealed class Slot(CartoonizeItem item)
    {
        public CartoonizeItem Item { get; } = item;
        public ReadOnlyMemory<byte> Input { get; set; }
        public CartoonRequest? Request { get; set; }
        public CartoonResult? Result { get; private set; }
        public ItemFailure? Failure { get; set; }
        public ItemRun? Run { get; set; }

        public void Complete(CartoonResult? result, ItemRun run)
        {
            Run = run;
            Input = default;
            if (result is { Succeeded: true })
                Result = result;
            else if (result is not null)
                Failure = new ItemFailure(result.FailureReason ?? FailureReasons.Internal, result.FailureMessage ?? "The engine rejected this image.");
            else
                Failure = new ItemFailure(FailureReasons.Internal, "The engine returned no result for this image.");
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Group tier={Tier} size={Size} executed={Executed} succeeded={Succeeded} failed={Failed} faces={Faces} device={Device} inference_ms={InferenceMs:F1} total_ms={TotalMs:F1}")]
    private static partial void LogGroup(ILogger logger, string tier, int size, int executed, int succeeded, int failed, int faces,
        string device, double inferenceMs, double totalMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The engine threw for a group of {Size}; running each item alone")]
    private static partial void LogGroupThrew(ILogger logger, Exception exception, int size);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The engine threw for item {JobId}/{ItemIndex} run alone")]
    private static partial void LogItemThrew(ILogger logger, Exception exception, Guid jobId, int itemIndex);
}
