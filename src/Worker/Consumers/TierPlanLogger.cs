using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Consumers;

/// <summary>At worker start, logs where the memory budget came from, then each tier's group size and why (budget, bytes of the tier's costliest item, group bytes).</summary>
internal sealed partial class TierPlanLogger(
    WorkerEndpoints endpoints,
    TierCatalog catalog,
    ICartoonEngine engine,
    IOptions<TierOptions> tiers,
    MemoryCostModel costModel,
    ILogger<TierPlanLogger> logger) : IHostedService
{
    /// <summary>RabbitMQ's default consumer_timeout: a delivery unacked for longer closes the channel.</summary>
    private static readonly TimeSpan BrokerAckTimeout = TimeSpan.FromMinutes(30);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sizing = catalog.Sizing;
        var budget = sizing.BudgetBytes;
        if (sizing.Source == BudgetSource.Fallback)
            LogFallback(logger, Mib(budget), sizing.Detail);
        else
            LogSizing(logger, Mib(budget), sizing.Source, sizing.Detail);
        if (sizing.DeviceMemoryBytes is { } device && budget > device)
            LogBudgetAboveDevice(logger, Mib(budget), Mib(device));
        foreach (var d in endpoints.Definitions)
        {
            var plan = d.Plan;
            LogTier(logger, plan.Name, plan.QueueName, plan.MaxWidth, plan.MaxHeight, plan.GroupLimit, Why(plan),
                Mib(budget), Mib(plan.BytesPerItem), Mib(plan.GroupBytes), d.TimeLimit.TotalMilliseconds, d.ConcurrencyLimit,
                d.PrefetchCount, d.ConsumeTimeout.TotalSeconds);
            if (plan.GroupBytes > budget)
                LogOverBudget(logger, plan.Name, Mib(plan.GroupBytes), Mib(budget));

            var worstHold = d.ConsumeTimeout * (d.RetryIntervals.Count + 1) + d.RetryIntervals.Aggregate(TimeSpan.Zero, (a, b) => a + b);
            if (worstHold >= BrokerAckTimeout)
                LogOverAckTimeout(logger, plan.Name, worstHold.TotalMinutes);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string Why(TierPlan plan)
    {
        if (plan.GroupLimit >= catalog.GroupSizeCap)
            return tiers.Value.MaxGroupSize is { } set
                ? $"capped by Tiers:MaxGroupSize={set}"
                : $"capped by the {engine.Device} default group size {catalog.GroupSizeCap} (Tiers:MaxGroupSize unset)";
        if (plan.GroupLimit >= costModel.Options.MaxGroupSize)
            return $"capped by the cost model's MaxGroupSize={costModel.Options.MaxGroupSize}";
        if (plan.GroupBytes > catalog.Sizing.BudgetBytes)
            return "one item alone exceeds the memory budget (runs alone)";
        return costModel.PadBatch
            ? "memory budget: the largest group whose bg pass, padded to a batch bucket, fits budget - fixed - head pass"
            : "memory budget: (budget - fixed - head pass) / bytes per item";
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Memory budget {BudgetMiB:F0} MiB ({Source}): {Detail}")]
    private static partial void LogSizing(ILogger logger, double budgetMiB, BudgetSource source, string detail);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning,
        Message = "Memory budget {BudgetMiB:F0} MiB (fallback): {Detail}")]
    private static partial void LogFallback(ILogger logger, double budgetMiB, string detail);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning,
        Message = "Tiers:MemoryBudgetBytes ({BudgetMiB:F0} MiB) is above the device's memory ({DeviceMiB:F0} MiB): full groups may run out of memory")]
    private static partial void LogBudgetAboveDevice(ILogger logger, double budgetMiB, double deviceMiB);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "Tier {Tier}: queue={Queue} box={MaxWidth}x{MaxHeight} group_limit={GroupLimit} ({Why}); budget={BudgetMiB:F0} MiB, bytes_per_item={PerItemMiB:F0} MiB, group_bytes={GroupMiB:F0} MiB; time_limit={TimeLimitMs:F0} ms concurrency={Concurrency} prefetch={Prefetch} consume_timeout={ConsumeTimeoutS:F0} s")]
    private static partial void LogTier(ILogger logger, string tier, string queue, int maxWidth, int maxHeight, int groupLimit, string why,
        double budgetMiB, double perItemMiB, double groupMiB, double timeLimitMs, int concurrency, int prefetch, double consumeTimeoutS);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning,
        Message = "Tier {Tier}: a single item needs {GroupMiB:F0} MiB, above the budget of {BudgetMiB:F0} MiB; it runs alone and may not fit")]
    private static partial void LogOverBudget(ILogger logger, string tier, double groupMiB, double budgetMiB);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning,
        Message = "Tier {Tier}: a group may hold its messages {Minutes:F0} min (timeout × attempts + retry waits), beyond RabbitMQ's default 30 min consumer_timeout")]
    private static partial void LogOverAckTimeout(ILogger logger, string tier, double minutes);
}
