using Cartoon.Worker.Tiers;
using System.Diagnostics;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Pipeline;
using Cartoon.Worker.Hardware;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cartoon.Bench;

/// <summary>
/// The engine in this process, fed the way the distributed worker feeds it: images grouped by size tier (the same
/// <see cref="TierCatalog"/> and group limits as a worker with default settings sizes on this machine), one <see cref="CartoonEngine.CartoonizeAsync"/>
/// call per group, with the worker's engine defaults and the given intra-op threads. The baseline of the path benchmarks.
/// </summary>
internal sealed class RawEngine : IDisposable
{
    private readonly CartoonEngine _engine;
    private readonly TierCatalog _tiers;

    /// <param name="options">Bound as the worker binds them (<see cref="EngineSettings"/>), so both sides run alike.</param>
    public RawEngine(EngineOptions options)
    {
        _engine = new CartoonEngine(options, NullLogger<CartoonEngine>.Instance);
        WarmUp = _engine.WarmUp();
        var tiers = new TierOptions();
        var sizing = TierSizingResolver.Resolve(tiers, _engine.Device, options.CudaDeviceId, new SystemHardwareProbe());
        _tiers = new TierCatalog(Options.Create(tiers),
            EngineSizing.From(new MemoryCostModel(new MemoryCostOptions(), _engine.Buckets, _engine.PadBatch), options), sizing);
    }

    public TimeSpan WarmUp { get; }

    public string Device => _engine.Device;

    /// <summary>The engine calls the worker would make for these images: by tier, in chunks of the tier's group limit.</summary>
    public IReadOnlyList<IReadOnlyList<CartoonRequest>> Groups(IReadOnlyList<(string Name, byte[] Bytes)> images) =>
        images
            .Select(i =>
            {
                var header = ImageProbe.Probe(i.Bytes, new ImageLimits());
                var (w, h) = WorkSize.For(header.Width, header.Height);
                return (Plan: _tiers.Resolve(w, h), Request: new CartoonRequest(i.Bytes, new CartoonParameters(), i.Name));
            })
            .GroupBy(x => x.Plan)
            .SelectMany(g => g.Select(x => x.Request).Chunk(g.Key.GroupLimit).Select(c => (IReadOnlyList<CartoonRequest>)c))
            .ToList();

    /// <summary>Wall milliseconds of each engine call of the last <see cref="RunAsync"/>, in order (to set beside the worker's inference_ms).</summary>
    public IReadOnlyList<double> LastCallMs { get; private set; } = [];

    /// <summary>Runs the groups one after the other; returns the wall seconds, and throws unless every item succeeded.</summary>
    public async Task<double> RunAsync(IReadOnlyList<IReadOnlyList<CartoonRequest>> groups)
    {
        var clock = Stopwatch.StartNew();
        var calls = new List<double>(groups.Count);
        foreach (var group in groups)
        {
            var call = Stopwatch.StartNew();
            var result = await _engine.CartoonizeAsync(group);
            calls.Add(call.Elapsed.TotalMilliseconds);
            if (result.Stats.Succeeded != group.Count)
                throw new InvalidOperationException($"The raw engine failed {group.Count - result.Stats.Succeeded} of {group.Count} items.");
        }
        LastCallMs = calls;
        return clock.Elapsed.TotalSeconds;
    }

    public void Dispose() => _engine.Dispose();
}
