using Cartoon.Engine.Batching;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Hosting;

namespace Cartoon.Engine;

/// <param name="groups">The host's groups (a worker registers its tiers): on CUDA the warm-up covers every shape they produce.</param>
internal sealed class EngineWarmupService(CartoonEngine engine, EngineReadiness readiness, WarmUpGroups? groups = null) : IHostedService
{
    // Warm-up blocks start on purpose: a worker must not consume before its models are resident and warm.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.MarkReady(engine.WarmUp(groups?.Boxes));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
