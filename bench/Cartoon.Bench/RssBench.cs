namespace Cartoon.Bench;

/// <summary>
/// `rss [--items 500] [--side 256 | --mixed] [--out FILE]`: the worker's memory over many items. A fresh worker and
/// gateway; one untimed job warms the shapes; then the items are submitted at once as jobs of 16 (the gateway's per-job
/// cap) of square portraits of one side (one tier), or with --mixed of sixteen sizes from 256² to 720×540 in both
/// orientations (two tiers, sixteen bg shapes: what an arena that keeps what it grew to must survive). The worker's VmRSS is read at every "Group …" log line (i.e. after each
/// group), and every 100 ms for the peak. Reports the first-50 vs last-50 item average, the maximum, and the peak rise
/// over the idle worker per group vs the tier's planned group bytes from the worker's start-up log.
/// </summary>
internal static class RssBench
{
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var total = Args.Int(args, "--items", 500);
        var side = Args.Int(args, "--side", 256);
        var mixed = args.Contains("--mixed");
        var settings = Args.Settings(args);
        var report = new Report(Args.String(args, "--out"));
        report.Header("Worker memory over many items", $"Cartoon.Bench rss --items {total} " + (mixed ? "--mixed" : $"--side {side}") +
            string.Concat(settings.Select(kv => $" --set {kv.Key}={kv.Value}")));

        await using var stack = await BenchStack.CreateAsync(Path.Combine(Path.GetTempPath(), $"cartoon-bench-rss-{Environment.ProcessId}"));
        var samples = new List<(int ItemsDone, long Rss, long Peak, int Size)>();
        var plans = new List<(string Tier, int GroupLimit, double BudgetMiB, double GroupMiB)>();
        var itemsDone = 0;
        long peakSinceLastGroup = 0;
        var counting = false;
        var worker = stack.StartWorker("worker", settings);
        worker.Line += line =>
        {
            if (WorkerLogLines.TierPlan(line) is { } plan)
                lock (plans)
                    plans.Add(plan);
            if (WorkerLogLines.Group(line) is not { } group)
                return;
            var rss = worker.RssBytes;
            lock (samples)
            {
                if (!counting)
                    return;
                itemsDone += group.Size;
                samples.Add((itemsDone, rss, Math.Max(peakSinceLastGroup, rss), group.Size));
                peakSinceLastGroup = 0;
            }
        };
        var gateway = stack.StartGateway("gateway");
        await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        var idle = worker.RssBytes;

        using var client = new GatewayClient(new Uri(gateway.Url, "/"));
        var perJob = 16;
        var images = mixed ? Portraits.MixedSizes() : Portraits.Framings(side, perJob);
        await client.RunAsync(images, "anime", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        var warm = worker.RssBytes;

        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var rss = worker.RssBytes;
                lock (samples)
                    peakSinceLastGroup = Math.Max(peakSinceLastGroup, rss);
                await Task.Delay(100);
            }
        });
        lock (samples)
            counting = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ids = new List<Guid>();
        for (var submitted = 0; submitted < total; submitted += perJob)
            ids.Add(await client.SubmitAsync(images.Take(Math.Min(perJob, total - submitted)).ToList(), "anime"));
        var succeeded = 0;
        foreach (var id in ids)
        {
            var job = await client.WaitAsync(id, clock, 0, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(30));
            succeeded += job.Succeeded;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;

        List<(int ItemsDone, long Rss, long Peak, int Size)> s;
        lock (samples)
            s = samples.ToList();
        double Avg(IEnumerable<(int ItemsDone, long Rss, long Peak, int Size)> x) => x.Select(v => v.Rss / MiB).DefaultIfEmpty(double.NaN).Average();
        var first = Avg(s.Where(v => v.ItemsDone <= 50));
        var last = Avg(s.Where(v => v.ItemsDone > total - 50));
        var drift = (last - first) / first * 100;
        var tierPlan = plans.FirstOrDefault(p => p.Tier == "s");

        report.Line($"Items: {total} {(mixed ? "PNG portraits of 16 sizes (" + string.Join(", ", images.Select(i => i.Name)) + ")" : $"square {side}² PNG portraits")} in {ids.Count} jobs ({succeeded} succeeded) in {seconds:F0} s " +
                    $"({total / seconds:F2} images/s); {s.Count} groups (sizes {string.Join(", ", s.Select(v => v.Size).Distinct().Order())}).");
        report.Line();
        report.Line("| worker RSS | MiB |");
        report.Line("| --- | --- |");
        report.Line($"| idle, ready (models loaded and warm) | {idle / MiB:F0} |");
        report.Line($"| after the warm-up job | {warm / MiB:F0} |");
        report.Line($"| average after each group, first 50 items | {first:F0} |");
        report.Line($"| average after each group, last 50 items | {last:F0} |");
        report.Line($"| max after a group | {s.Max(v => v.Rss) / MiB:F0} |");
        report.Line($"| peak during a group (100 ms samples), max | {s.Max(v => v.Peak) / MiB:F0} |");
        report.Line($"| VmHWM at the end | {worker.PeakRssBytes / MiB:F0} |");
        report.Line();
        report.Line($"Drift first-50 → last-50: **{drift:+0.0;-0.0} %** (target ±10 %: {(Math.Abs(drift) <= 10 ? "met" : "NOT met")}).");
        // The cost model at this group's real shape (not the tier's box): activations of the bg pass + one head pass, fixed part aside.
        var engine = new Cartoon.Engine.EngineOptions();
        // The bench's worker runs on the CPU, where the engine does not pad batches unless told to.
        var model = new Cartoon.Engine.Batching.MemoryCostModel(new Cartoon.Engine.Batching.MemoryCostOptions(),
            new Cartoon.Engine.Batching.ShapeBuckets(engine.BucketSides, Cartoon.Engine.Batching.ShapeBuckets.DefaultBatches),
            padBatch: engine.PadBatchToBucket ?? false);
        var largest = s.Max(v => v.Size);
        var (mw, mh) = mixed ? Portraits.MixedSizesLargest : (side, side);
        var modelled = model.EstimateGroupBytes(Enumerable.Repeat((mw, mh), largest), engine.MaxHeadBatch) - model.Options.FixedBytes;
        report.Line($"Largest rise during a group over the idle worker: **{(s.Max(v => v.Peak) - idle) / MiB:F0} MiB** (host memory: decoded images, " +
                    $"tensors, ORT activations). The cost model for a group of {largest} at {mw}×{mh} (bucket shape, ×{model.Options.SafetyFactor} safety, " +
                    $"fixed {model.Options.FixedBytes / MiB:F0} MiB aside): **{modelled / MiB:F0} MiB**. The worker's plan for tier s (its box, 512², " +
                    $"fixed part included): group_limit={tierPlan.GroupLimit}, group_bytes={tierPlan.GroupMiB:F0} MiB of a " +
                    $"{tierPlan.BudgetMiB:F0} MiB budget (the worker's, from its start-up log; on CPU it is sized from host memory and bounds it only through the group size).");
        report.Line();
        report.Line("RSS after each group (items done: MiB), every 4th group:");
        report.Line();
        report.Line(string.Join(", ", s.Where((_, i) => i % 4 == 0 || i == s.Count - 1).Select(v => $"{v.ItemsDone}: {v.Rss / MiB:F0}")));
        await report.SaveAsync();
        return succeeded == total ? 0 : 1;
    }
}
