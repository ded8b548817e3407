using Cartoon.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Cartoon.Worker.Consumers;

/// <summary>
/// Tells the gateway which stage a group's items entered: one ItemsStaged per stage per group. Publishing never holds
/// the group up (the engine reports its stages from its own thread) and a broker hiccup never costs the group its work:
/// the publishes are collected and <see cref="FlushAsync"/>, awaited before the outcomes, only logs a failure. The
/// stages are also remembered per item (<see cref="Of"/>) for its outcome to carry: the gateway applies stage events
/// and outcomes in separate batches, so the last stage can land after the outcome, and a lost one is not lost.
/// </summary>
internal sealed partial class GroupStages(ConsumeContext context, string device, TimeProvider time, ILogger logger, CancellationToken ct)
{
    private readonly List<Task> _publishes = [];
    private readonly Dictionary<(Guid, int), List<StageTime>> _entered = [];

    public void Enter(string stage, IReadOnlyList<CartoonizeItem> items)
    {
        if (items.Count == 0)
            return;
        var message = ItemMapping.Staged(stage, items, Environment.MachineName, device, time.GetUtcNow());
        lock (_publishes)
        {
            foreach (var item in items)
            {
                if (!_entered.TryGetValue((item.JobId, item.ItemIndex), out var stages))
                    _entered[(item.JobId, item.ItemIndex)] = stages = [];
                stages.Add(new StageTime(stage, message.At));
            }
            _publishes.Add(context.Publish(message, ct));
        }
    }

    /// <summary>The stages <paramref name="item"/> entered in this group, in order.</summary>
    public IReadOnlyList<StageTime> Of(CartoonizeItem item)
    {
        lock (_publishes)
            return _entered.TryGetValue((item.JobId, item.ItemIndex), out var stages) ? [.. stages] : [];
    }

    public async Task FlushAsync()
    {
        Task[] publishes;
        lock (_publishes)
            publishes = [.. _publishes];
        try
        {
            await Task.WhenAll(publishes).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogNotPublished(logger, ex, publishes.Count(p => !p.IsCompletedSuccessfully));
        }
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Count} stage events could not be published; those items show their last stage until they finish")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, int count);
}
