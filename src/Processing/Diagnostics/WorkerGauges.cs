using System.Diagnostics.Metrics;
using Cartoon.Engine;
using Cartoon.Processing.Tiers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cartoon.Processing.Diagnostics;

/// <summary>
/// The worker's gauges, published at start (meter "Cartoon.Worker"): cartoon_memory_budget_bytes,
/// cartoon_tier_group_limit{tier} and cartoon_worker_ready (1 once the models are warm and the bus is healthy), so
/// dashboards can count ready workers with sum(cartoon_worker_ready).
/// </summary>
public sealed class WorkerGauges(IMeterFactory meterFactory, IServiceProvider services, TierCatalog tiers, IOptions<TierOptions> options)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meterFactory.Create(WorkerMetrics.MeterName);
        var budget = options.Value.MemoryBudgetBytes;
        meter.CreateObservableGauge("cartoon.memory.budget", () => budget, "By", "Device memory budget a group may use (Tiers:MemoryBudgetBytes).");
        meter.CreateObservableGauge("cartoon.tier.group_limit", () => tiers.Plans
                .Select(p => new Measurement<int>(p.GroupLimit, new KeyValuePair<string, object?>("tier", p.Name))).ToArray(),
            "{item}", "Most items one group of the tier may hold (cost model + budget, capped by Tiers:MaxGroupSize).");
        meter.CreateObservableGauge("cartoon.worker.ready", () => IsReady() ? 1 : 0, null,
            "1 when this worker's models are warm and its bus is connected.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool IsReady()
    {
        var engine = services.GetService<EngineReadiness>();
        if (engine is not { IsReady: true })
            return false;
        try
        {
            return services.GetService<IBusControl>()?.CheckHealth().Status == BusHealthStatus.Healthy;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
