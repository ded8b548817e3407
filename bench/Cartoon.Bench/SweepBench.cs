namespace Cartoon.Bench;

/// <summary>
/// `sweep [--limits 1,2,4,8] [--sides 512,720] [--images 8] [--out FILE]`: throughput and per-item latency of the
/// distributed path by group limit. For each limit a fresh worker runs with Tiers:MaxGroupSize = limit (the gateway
/// stays); for each side one job of N square portraits of that side (one tier each) warms the worker's shapes, then one
/// timed job: images/s (client, submit → observed completed) and per-item latency (server: item completed − job submitted).
/// `--set Key=Value` (repeatable) adds a worker setting, e.g. `--set Tiers:ConcurrencyLimit=2`.
/// </summary>
internal static class SweepBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var limits = Args.Ints(args, "--limits", [1, 2, 4, 8]);
        var sides = Args.Ints(args, "--sides", [512, 720]);
        var count = Args.Int(args, "--images", 8);
        var settings = Args.Settings(args);
        var report = new Report(Args.String(args, "--out"));
        report.Header("Group size sweep (distributed path)",
            $"Cartoon.Bench sweep --limits {string.Join(',', limits)} --sides {string.Join(',', sides)} --images {count}" +
            string.Concat(settings.Select(kv => $" --set {kv.Key}={kv.Value}")));
        report.Line($"Per cell: one job of {count} square portraits (the twelve framings of Portraits.Framings) of that side, style anime, " +
                    "PNG out, after one untimed job of the same images on the same worker (warm shapes). Worker defaults otherwise " +
                    "(Tiers:TimeLimit, ConcurrencyLimit, CPU, all cores).");
        report.Line();
        report.Line("| group limit | side | engine calls | images/s | item latency mean | item latency p50 | item latency max | worker ready |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- |");

        var jobs = sides.ToDictionary(s => s, s => Portraits.Framings(s, count));
        await using var stack = await BenchStack.CreateAsync(Path.Combine(Path.GetTempPath(), $"cartoon-bench-sweep-{Environment.ProcessId}"));
        var gateway = stack.StartGateway("gateway");
        await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        using var client = new GatewayClient(new Uri(gateway.Url, "/"));
        var timeout = TimeSpan.FromMinutes(10);
        foreach (var limit in limits)
        {
            var worker = stack.StartWorker($"worker-limit-{limit}", new Dictionary<string, string>(settings) { ["Tiers:MaxGroupSize"] = $"{limit}" });
            var ready = await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
            foreach (var side in sides)
            {
                await client.RunAsync(jobs[side], "anime", TimeSpan.FromMilliseconds(100), timeout);
                var job = await client.RunAsync(jobs[side], "anime", TimeSpan.FromMilliseconds(100), timeout);
                if (job.Status != "succeeded" || job.Succeeded != count)
                    throw new InvalidOperationException($"Job {job.Id} ended {job.Status} with {job.Succeeded}/{count} succeeded.");
                var latencies = job.Items.Select(i => (i.CompletedAt!.Value - job.SubmittedAt).TotalSeconds).ToList();
                report.Line($"| {limit} | {side}² | [{string.Join(", ", job.Groups)}] | {count / job.ClientSeconds:F2} | {latencies.Average():F2} s | " +
                            $"{Stats.Median(latencies):F2} s | {latencies.Max():F2} s | {ready.TotalSeconds:F1} s |");
            }
            stack.Stop(worker);
        }
        await report.SaveAsync();
        return 0;
    }
}
