using Cartoon.Contracts;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// Plays the GPU worker over the real in-memory bus until the worker branch lands: consumes the tier queues the
/// gateway sends to, writes a result into the real store and publishes the worker's events.
/// </summary>
public sealed class TestWorker : IAsyncDisposable
{
    private readonly List<HostReceiveEndpointHandle> _handles;
    private readonly IBlobStore _store;

    private TestWorker(List<HostReceiveEndpointHandle> handles, IBlobStore store)
    {
        _handles = handles;
        _store = store;
    }

    public List<CartoonizeItem> Received { get; } = [];

    public static async Task<TestWorker> StartAsync(GatewayApp app, Func<TestWorker, ConsumeContext<CartoonizeItem>, Task> handle)
    {
        var tiers = app.Services.GetRequiredService<TierCatalog>();
        var handles = new List<HostReceiveEndpointHandle>();
        TestWorker? worker = null;
        foreach (var plan in tiers.Plans)
        {
            handles.Add(app.Bus.ConnectReceiveEndpoint(plan.QueueName, e => e.Handler<CartoonizeItem>(async ctx =>
            {
                lock (worker!.Received)
                    worker.Received.Add(ctx.Message);
                await handle(worker, ctx);
            })));
        }
        worker = new TestWorker(handles, app.Store);
        await Task.WhenAll(handles.Select(h => h.Ready));
        return worker;
    }

    /// <summary>Succeeds: the "result" is the input re-stored under the result key (byte-valid image).</summary>
    public async Task CompleteAsync(ConsumeContext<CartoonizeItem> ctx, double inferenceMs = 12.5)
    {
        var m = ctx.Message;
        var input = await _store.GetAsync(m.InputKey) ?? throw new InvalidOperationException("input missing");
        await _store.PutAsync(m.ResultKey, input.Data, "image/png");
        await ctx.Publish(Events.Completed(m.JobId, m.ItemIndex, m.ResultKey, inferenceMs));
    }

    public Task FailAsync(ConsumeContext<CartoonizeItem> ctx, string reason, string message) =>
        ctx.Publish(Events.Failed(ctx.Message.JobId, ctx.Message.ItemIndex, reason, message));

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in _handles)
            await handle.StopAsync();
    }
}

/// <summary>Worker events as the worker publishes them (stable event ids).</summary>
public static class Events
{
    public static ItemCompleted Completed(Guid jobId, int index, string? resultKey = null, double inferenceMs = 10) => new()
    {
        EventId = StableIds.ForItem(jobId, index),
        JobId = jobId,
        ItemIndex = index,
        ResultKey = resultKey ?? JobObjectKeys.Result(jobId, index, "png"),
        ContentType = "image/png",
        Width = 64,
        Height = 48,
        Faces = 1,
        BatchSize = 2,
        Device = "cpu",
        InferenceMs = inferenceMs,
        QueueWaitMs = 3,
        StartedAt = DateTimeOffset.UtcNow.AddMilliseconds(-20),
        CompletedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A group of one job entering <paramref name="stage"/> (ItemStages) now, or at <paramref name="at"/>.</summary>
    public static ItemsStaged Staged(Guid jobId, string stage, int[] indexes, DateTimeOffset? at = null) => new()
    {
        Stage = stage,
        Items = indexes.Select(i => new ItemRef(jobId, i)).ToArray(),
        Worker = "test-worker",
        Device = "cpu",
        BatchSize = indexes.Length,
        At = at ?? DateTimeOffset.UtcNow,
    };

    public static ItemFailed Failed(Guid jobId, int index, string reason, string message) => new()
    {
        EventId = StableIds.ForItem(jobId, index),
        JobId = jobId,
        ItemIndex = index,
        Reason = reason,
        Message = message,
        BatchSize = 2,
        Device = "cpu",
        StartedAt = DateTimeOffset.UtcNow.AddMilliseconds(-20),
        CompletedAt = DateTimeOffset.UtcNow,
    };
}
