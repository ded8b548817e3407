using System.Diagnostics.Metrics;
using Cartoon.Engine;
using Cartoon.Messaging.Tiers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cartoon.Worker.Diagnostics;

/// <summary>
/// The worker's gauges, published at start (meter "Cartoon.Worker"): cartoon_memory_budget_bytes{source},
/// cartoon_device_memory_bytes (where read), cartoon_tier_group_limit{tier} and cartoon_worker_ready (1 once the models are warm and the bus is healthy), so
/// dashboards can count ready workers with sum(cartoon_worker_ready).
/// </summary>
public sealed class WorkerGauges(IMeterFactory meterFactory, IServiceProvider services, TierCatalog tiers)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meterFactory.Create(WorkerMetrics.MeterName);
        var sizing = tiers.Sizing;
        var source = new KeyValuePair<string, object?>("source", sizing.Source.ToString().ToLowerInvariant());
        meter.CreateObservableGauge("cartoon.memory.budget", () => new Measurement<long>(sizing.BudgetBytes, source), "By",
            "Memory a group may use: Tiers:MemoryBudgetBytes, else sized from the device at start (source: configured, nvml, host, fallback).");
        if (sizing.DeviceMemoryBytes is { } deviceBytes)
            meter.CreateObservableGauge("cartoon.device.memory", () => deviceBytes, "By",
                "Memory of the worker's device read at start: the GPU's total (NVML), or the host memory a CPU worker may use (cgroup-aware).");
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
