using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Cartoon.Bench;

/// <summary>
/// `ingest [--seconds 15] [--connections 16] [--threads 2] [--bytes 200000] [--set Key=Value]... [--out FILE]`: submissions per second
/// a distributed gateway takes on loopback, measured by wrk (bench/ingest/post.lua) POSTing one ~200 KB JPEG per
/// request. No worker runs: every accepted job's input goes to S3 and its command waits in RabbitMQ, so the figure is
/// the gateway's ingest path alone (multipart read, header probe, S3 put of input and manifest, broker send, 202).
/// </summary>
internal static partial class IngestBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Args.Int(args, "--seconds", 15);
        var connections = Args.Int(args, "--connections", 16);
        var threads = Args.Int(args, "--threads", 2);
        var target = Args.Int(args, "--bytes", 200_000);
        var settings = Args.Settings(args);
        var report = new Report(Args.String(args, "--out"));
        report.Header("Gateway ingest (wrk)",
            $"Cartoon.Bench ingest --seconds {seconds} --connections {connections} --threads {threads} --bytes {target}" +
            string.Concat(settings.Select(kv => $" --set {kv.Key}={kv.Value}")));

        var jpeg = Portraits.JpegNear(target, 1024);
        var work = Directory.CreateTempSubdirectory("cartoon-bench-ingest-");
        var boundary = "cartoon-bench-" + Guid.NewGuid().ToString("N");
        var body = Path.Combine(work.FullName, "body.multipart");
        await File.WriteAllBytesAsync(body, Multipart(boundary, jpeg));

        await using var stack = await BenchStack.CreateAsync(Path.Combine(work.FullName, "logs"));
        var gateway = stack.StartGateway("gateway", settings);
        var ready = await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        report.Line($"Upload: one {jpeg.Length / 1024.0:F0} KiB JPEG (1024², the portrait sample) per request, multipart with style=anime; " +
                    $"body {new FileInfo(body).Length / 1024.0:F0} KiB. Gateway: distributed (RabbitMQ + S3 server on this machine), " +
                    $"defaults plus {string.Join(", ", BenchStack.OpenGateway.Select(kv => $"{kv.Key}={kv.Value}"))} (open, no rate limits, no backlog cap), " +
                    $"no worker consuming; ready in {ready.TotalSeconds:F1} s. " +
                    $"wrk {threads} threads, {connections} connections, {seconds} s, after a 3 s warm-up run (not counted).");
        report.Line();

        await Wrk(gateway.Url, body, boundary, threads, connections, 3, null);
        var cpu = new CpuMeter().With("gateway", gateway.Pid).WithServices();
        var calls = new StorageCalls().With(gateway);
        await calls.StartAsync();
        var output = await Wrk(gateway.Url, body, boundary, threads, connections, seconds, cpu);
        var used = cpu.Stop();
        var storageCalls = await calls.StopAsync();
        var rps = Match(RequestsPerSecond(), output);
        var p50 = Match(Percentile50(), output);
        var p99 = Match(Percentile99(), output);
        var non2xx = Match(Non2xx(), output) ?? "0";
        report.Line("| uploads/s | p50 | p99 | non-2xx | gateway RSS after |");
        report.Line("| --- | --- | --- | --- | --- |");
        report.Line($"| **{rps}** | {p50} | **{p99}** | {non2xx} | {gateway.RssBytes / 1048576.0:F0} MiB |");
        report.Line();
        var requests = double.Parse(rps ?? "0", System.Globalization.CultureInfo.InvariantCulture) * seconds;
        report.Line($"CPU used during the timed run, by process ({Environment.ProcessorCount} cores = {Environment.ProcessorCount * seconds} CPU-s available; wrk's own not counted):");
        report.Line();
        report.Line("| process | CPU-s | CPU-ms per upload |");
        report.Line("| --- | --- | --- |");
        foreach (var (name, cpuSeconds) in used)
            report.Line($"| {name} | {cpuSeconds:F1} | {(requests > 0 ? cpuSeconds * 1000 / requests : double.NaN):F1} |");
        var perUpload = requests > 0 ? used.Sum(u => u.Seconds) * 1000 / requests : double.NaN;
        report.Line($"| all of the above | {used.Sum(u => u.Seconds):F1} | {perUpload:F1} |");
        report.Line();
        report.Line($"S3 calls during the timed run: {StorageCalls.Describe(storageCalls, (int)Math.Max(1, requests), "upload")}.");
        report.Line();
        report.Line($"At {perUpload:F1} CPU-ms per upload, {Environment.ProcessorCount} cores take at most " +
                    $"**{Environment.ProcessorCount * 1000 / perUpload:F0} uploads/s** with nothing else running, the load tool included.");
        report.Line();
        report.Line("wrk output:");
        report.Line();
        report.Line("```");
        report.Line(output.TrimEnd());
        report.Line("```");
        await report.SaveAsync();
        return 0;
    }

    private static async Task<string> Wrk(Uri url, string body, string boundary, int threads, int connections, int seconds, CpuMeter? cpu)
    {
        var script = Path.Combine(TestPaths.RepoRoot, "bench", "ingest", "post.lua");
        var info = new ProcessStartInfo("wrk", ["-t", $"{threads}", "-c", $"{connections}", "-d", $"{seconds}s", "--latency", "--timeout", "10s",
            "-s", script, url.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["CARTOON_INGEST_BODY"] = body;
        info.Environment["CARTOON_INGEST_BOUNDARY"] = boundary;
        using var wrk = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start (scripts/services.sh installs it).");
        cpu?.Start(); // wrk's own CPU is left out: the load tool is not part of the service
        var stdout = wrk.StandardOutput.ReadToEndAsync();
        var stderr = wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0)
            throw new InvalidOperationException($"wrk exited {wrk.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static byte[] Multipart(string boundary, byte[] jpeg)
    {
        using var ms = new MemoryStream();
        void Text(string s) => ms.Write(Encoding.ASCII.GetBytes(s));
        Text($"--{boundary}\r\nContent-Disposition: form-data; name=\"images\"; filename=\"portrait.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        ms.Write(jpeg);
        Text($"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"style\"\r\n\r\nanime\r\n--{boundary}--\r\n");
        return ms.ToArray();
    }

    private static string? Match(Regex regex, string text) => regex.Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+50%\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex Percentile50();

    [GeneratedRegex(@"^\s+99%\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
