using System.Globalization;

namespace Cartoon.Bench;

/// <summary>
/// `path [--images 24] [--job-size 16] [--runs 2] [--latency-runs 5] [--threads 0] [--out FILE]`, in ONE run on this machine:
/// <list type="number">
/// <item>raw engine in process: the images (mixed sizes) grouped by tier as the worker groups them, one warm-up pass,
/// then timed passes (median); the latency image alone, timed (median);</item>
/// <item>worker ready: process start → /health/ready, and the worker's own "Engine warm … in N ms";</item>
/// <item>distributed throughput: the same images through gateway → S3 → RabbitMQ → worker → S3 → event,
/// as jobs of ≤ 16 submitted together, untimed rounds until tiered compilation settles (at most 4), then timed rounds
/// (median), images/s vs the raw engine's;</item>
/// <item>warm single-image latency: the latency image as a one-image job, submit → completed (server) and → observed
/// (client, 25 ms polling), median, vs the raw engine's time for that image.</item>
/// </list>
/// `--set Key=Value` (repeatable) adds a configuration setting to the worker, e.g. `--set Tiers:ConcurrencyLimit=2`.
/// Needs the services (bench/perf.sh starts them) and Release builds of src/GpuWorker and src/Gateway.
/// </summary>
internal static class PathBench
{
    private const int MaxWarmupRounds = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Args.Int(args, "--images", 24);
        var perJob = Args.Int(args, "--job-size", 16);
        var runs = Args.Int(args, "--runs", 2);
        var latencyRuns = Args.Int(args, "--latency-runs", 5);
        var threads = Args.Int(args, "--threads", 0);
        var settings = Args.Settings(args);
        var report = new Report(Args.String(args, "--out"));
        report.Header("Whole path vs raw engine", $"Cartoon.Bench path --images {count} --job-size {perJob} --runs {runs} --latency-runs {latencyRuns} --threads {threads}" +
            string.Concat(settings.Select(kv => $" --set {kv.Key}={kv.Value}")));

        var images = Portraits.Cycle(Portraits.Mixed(), count);
        var single = images[0];
        report.Line($"Images: {count} ({string.Join(", ", images.Select(i => i.Name))}); {images.Sum(i => i.Bytes.Length) / 1048576.0:F1} MiB; " +
                    $"style anime, PNG out. Latency image: {single.Name} ({single.Bytes.Length / 1024} KiB). " +
                    $"Intra-op threads: {(threads == 0 ? "default (all cores)" : threads)} in both.");
        report.Line();

        // 1. Raw engine, then released before the services' processes start (no two engines resident at once).
        double rawSeconds, rawSingleMs;
        string groupsText;
        {
            var options = EngineSettings.Bind(args).Options;
            options.IntraOpThreads = threads;
            using var raw = new RawEngine(options);
            var groups = raw.Groups(images);
            groupsText = string.Join(", ", groups.Select(g => g.Count));
            await raw.RunAsync(groups); // warm: every group shape once
            var passes = new List<double>();
            var callMs = new List<string>();
            for (var r = 0; r < runs; r++)
            {
                passes.Add(await raw.RunAsync(groups));
                callMs.Add($"[{Join(raw.LastCallMs, "F0")}]");
            }
            rawSeconds = Stats.Median(passes);
            var singleGroup = raw.Groups([single]);
            await raw.RunAsync(singleGroup);
            var singles = new List<double>();
            for (var r = 0; r < latencyRuns; r++)
                singles.Add(await raw.RunAsync(singleGroup) * 1000);
            rawSingleMs = Stats.Median(singles);
            report.Line($"Raw engine ({raw.Device}, warm-up {raw.WarmUp.TotalSeconds:F1} s): engine calls [{groupsText}] (by tier, as the worker groups), " +
                        $"passes {Join(passes, "F2")} s (ms per call: {string.Join(", ", callMs)}) → median {rawSeconds:F2} s = **{count / rawSeconds:F2} images/s**; " +
                        $"{single.Name} alone {Join(singles, "F0")} ms → median **{rawSingleMs:F0} ms**. Load average now {Machine.LoadAverage()}.");
            report.Line();
        }
        GC.Collect();

        await using var stack = await BenchStack.CreateAsync(Path.Combine(Path.GetTempPath(), $"cartoon-bench-path-{Environment.ProcessId}"));
        double? warmMs = null;
        var groupLines = new List<string>();
        if (threads > 0)
            settings["Engine:IntraOpThreads"] = $"{threads}";
        var worker = stack.StartWorker("worker", settings);
        worker.Line += line =>
        {
            warmMs ??= WorkerLogLines.WarmMs(line);
            if (WorkerLogLines.Group(line) is not null)
                lock (groupLines)
                    groupLines.Add(line.Trim());
        };
        var gateway = stack.StartGateway("gateway");
        var workerReady = await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        var gatewayReady = await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        report.Line($"## Worker ready");
        report.Line();
        report.Line($"Worker process start → /health/ready 200: **{workerReady.TotalSeconds:F2} s** (engine warm-up as the worker logs it: " +
                    $"{(warmMs is { } w ? $"{w / 1000:F2} s" : "not logged")}); gateway ready in {gatewayReady.TotalSeconds:F2} s (started at the same time).");
        report.Line();

        using var client = new GatewayClient(new Uri(gateway.Url, "/"));
        var timeout = TimeSpan.FromMinutes(10);
        // Polling costs the gateway CPU that the worker shares (each GET serializes the job, re-reads it from S3 once a
        // second): slow polls for throughput (≤ 250 ms late over rounds of tens of seconds), 25 ms for latency, whose
        // main figure is the server's own accepted → completed time anyway.
        var throughputPoll = TimeSpan.FromMilliseconds(250);
        var latencyPoll = TimeSpan.FromMilliseconds(25);
        // Warm (not counted): the same rounds until tiered compilation has settled in the worker and the gateway.
        var apps = new[] { worker, gateway };
        var warmRounds = await JitTime.WarmUpAsync(apps, MaxWarmupRounds, () => client.RunManyAsync(images, perJob, "anime", throughputPoll, timeout));
        lock (groupLines)
            groupLines.Clear();

        report.Line($"## Distributed throughput ({count} images as {(count + perJob - 1) / perJob} jobs of ≤ {perJob}, submitted together)");
        report.Line();
        report.Line($"Warm-up rounds (not counted), JIT compile s of worker + gateway against their CPU-s: {string.Join("; ", warmRounds)}.");
        report.Line();
        report.Line("| run | first submit → last observed completed (client) | server first accepted → last completed | images/s | engine calls | inference ms (sum) | JIT s (worker + gateway) | vs raw |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var jobSeconds = new List<double>();
        var cpu = new CpuMeter().With("worker", worker.Pid).With("gateway", gateway.Pid).WithServices();
        var calls = new StorageCalls().With(worker, gateway);
        await calls.StartAsync();
        cpu.Start();
        for (var r = 1; r <= runs; r++)
        {
            var jitBefore = await JitTime.TotalAsync(apps);
            var batch = await client.RunManyAsync(images, perJob, "anime", throughputPoll, timeout);
            var jit = await JitTime.TotalAsync(apps) - jitBefore;
            if (batch.Succeeded != count)
                throw new InvalidOperationException($"Only {batch.Succeeded}/{count} items succeeded.");
            jobSeconds.Add(batch.ClientSeconds);
            report.Line($"| {r} | {batch.ClientSeconds:F2} s | {batch.ServerSeconds:F2} s | {count / batch.ClientSeconds:F2} | [{string.Join(", ", batch.Groups)}] | {batch.InferenceMs:F0} | {jit:F2} | {rawSeconds / batch.ClientSeconds:F2} |");
        }
        var used = cpu.Stop();
        var storageCalls = await calls.StopAsync();
        var distributedSeconds = Stats.Median(jobSeconds);
        var ratio = rawSeconds / distributedSeconds;
        report.Line();
        report.Line($"Median: distributed **{count / distributedSeconds:F2} images/s** vs raw engine **{count / rawSeconds:F2} images/s**: " +
                    $"ratio **{ratio:F2}** (issue 13 target ≥ 0.9: {(ratio >= 0.9 ? "met" : "NOT met")}).");
        report.Line();
        report.Line($"CPU used by process over the {runs} timed rounds ({jobSeconds.Sum():F1} s wall × {Environment.ProcessorCount} cores = " +
                    $"{jobSeconds.Sum() * Environment.ProcessorCount:F0} CPU-s): " +
                    string.Join(", ", used.Select(u => $"{u.Name} {u.Seconds:F1} CPU-s ({u.Seconds / used.Sum(x => x.Seconds) * 100:F0} %)")) + ".");
        report.Line();
        report.Line($"S3 calls over the {runs} timed rounds ({count * runs} images; status polls every {throughputPoll.TotalMilliseconds:F0} ms included): " +
                    StorageCalls.Describe(storageCalls, count * runs) + ".");
        report.Line();
        report.Line("Worker group lines of the timed jobs:");
        report.Line();
        report.Line("```");
        lock (groupLines)
            foreach (var line in groupLines)
                report.Line(line);
        report.Line("```");
        report.Line();

        report.Line($"## Warm single-image latency ({single.Name})");
        report.Line();
        report.Line("| run | client submit → observed | server submit → completed | upload (submit answered) | queue wait | inference | vs raw |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- |");
        await client.RunAsync([single], "anime", latencyPoll, timeout); // the N=1 shape of the distributed path once
        var serverMs = new List<double>();
        var clientMs = new List<double>();
        for (var r = 1; r <= latencyRuns; r++)
        {
            var job = await client.RunAsync([single], "anime", latencyPoll, timeout);
            Require(job, 1);
            var item = job.Items[0];
            serverMs.Add(job.ServerDurationMs ?? double.NaN);
            clientMs.Add(job.ClientSeconds * 1000);
            report.Line($"| {r} | {job.ClientSeconds * 1000:F0} ms | {job.ServerDurationMs:F0} ms | {job.SubmitSeconds * 1000:F0} ms | {item.QueueWaitMs:F0} ms | {item.InferenceMs:F0} ms | {job.ServerDurationMs / rawSingleMs:F2}× |");
        }
        var latencyRatio = Stats.Median(serverMs) / rawSingleMs;
        report.Line();
        report.Line($"Median: server submit → completed **{Stats.Median(serverMs):F0} ms**, client submit → observed {Stats.Median(clientMs):F0} ms, " +
                    $"raw engine {rawSingleMs:F0} ms: **{latencyRatio:F2}×** (client: {Stats.Median(clientMs) / rawSingleMs:F2}×; target ≤ 1.15×: " +
                    $"{(latencyRatio <= 1.15 ? "met" : "NOT met")}).");
        report.Line();
        report.Line($"Worker peak RSS (VmHWM): {worker.PeakRssBytes / 1048576.0:F0} MiB. Status polls answered 5xx (retried): {client.FailedPolls}. Process logs: {stack.LogDirectory}.");
        await report.SaveAsync();
        return 0;
    }

    private static void Require(JobOutcome job, int count)
    {
        if (job.Status != "succeeded" || job.Succeeded != count)
            throw new InvalidOperationException($"Job {job.Id} ended {job.Status} with {job.Succeeded}/{count} succeeded.");
    }

    private static string Join(IEnumerable<double> values, string format) =>
        string.Join(" / ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
}
