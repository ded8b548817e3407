using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Bench;

/// <summary>
/// `uploads [--requests 20] [--images 5] [--before REPO] [--rounds 1] [--out FILE]`: a distributed gateway's memory under
/// concurrent large submits. Each request carries <c>--images</c> PNGs of random pixels just under 20 MiB (the default
/// Uploads:MaxImageBytes; five make a request just under the 100 MiB Uploads:MaxRequestBytes), all requests sent at
/// once; the gateway's peak resident memory (VmHWM), its RSS after, the wall time and every answer are reported. With
/// <c>--before</c>, the same run against another checkout's gateway build (a worktree of an earlier commit), alternating.
/// Real S3 server, broker and PostgreSQL (bench/perf.sh starts them).
/// </summary>
internal static class UploadsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Args.Int(args, "--requests", 20);
        var images = Args.Int(args, "--images", 5);
        var rounds = Args.Int(args, "--rounds", 1);
        var before = Args.String(args, "--before");
        var report = new Report(Args.String(args, "--out"));
        report.Header("Gateway memory under concurrent large uploads",
            $"Cartoon.Bench uploads --requests {requests} --images {images} --rounds {rounds}" + (before is null ? "" : $" --before {before}"));
        var pngs = Enumerable.Range(0, images).Select(i => RandomPng(2500, 2600, i)).ToList();
        var bodyMiB = pngs.Sum(p => p.Length) / (1024.0 * 1024);
        report.Line($"Each request: {images} PNGs of random pixels, {pngs.Average(p => p.Length) / (1024.0 * 1024):F1} MiB each, {bodyMiB:F1} MiB in all; " +
                    $"{requests} requests at once ({requests * bodyMiB / 1024:F2} GiB). One distributed gateway (Release build, MALLOC_ARENA_MAX=2 and " +
                    "the image's mmap threshold, as deploy/docker runs it) on the S3 server, broker and PostgreSQL of this machine, no worker.");
        report.Line();
        report.Line("| gateway | round | accepted | wall | MiB/s in | peak RSS (VmHWM) | RSS after | RSS before |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var variants = before is null ? [("this build", (string?)null)] : new[] { ("before", before), ("after", (string?)null) };
        var ok = true;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (label, root) in variants)
            {
                var row = await RunOnceAsync(requests, pngs, root);
                ok &= row.Accepted == requests;
                report.Line($"| {label} | {round} | {row.Accepted} / {requests} | {row.Seconds:F1} s | {requests * bodyMiB / row.Seconds:F0} | " +
                            $"**{row.PeakMiB:F0} MiB** | {row.AfterMiB:F0} MiB | {row.BeforeMiB:F0} MiB |");
            }
        }
        await report.SaveAsync();
        return ok ? 0 : 1;
    }

    private sealed record Row(int Accepted, double Seconds, double PeakMiB, double AfterMiB, double BeforeMiB);

    private static async Task<Row> RunOnceAsync(int requests, IReadOnlyList<byte[]> pngs, string? repoRoot)
    {
        var work = Directory.CreateTempSubdirectory("cartoon-bench-uploads-");
        await using var stack = await BenchStack.CreateAsync(Path.Combine(work.FullName, "logs"));
        var gateway = stack.StartGateway("gateway", repoRoot: repoRoot);
        await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        const double MiB = 1024 * 1024;
        var beforeMiB = gateway.RssBytes / MiB;
        using var client = new HttpClient { BaseAddress = gateway.Url, Timeout = TimeSpan.FromMinutes(10) };
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(async _ =>
        {
            using var form = new MultipartFormDataContent();
            foreach (var (png, k) in pngs.Select((p, k) => (p, k)))
            {
                var part = new ByteArrayContent(png);
                part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                form.Add(part, "images", $"noise-{k}.png");
            }
            using var response = await client.PostAsync("v1/jobs", form);
            return response.StatusCode;
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = gateway.PeakRssBytes / MiB;
        var after = gateway.RssBytes / MiB;
        try
        {
            Directory.Delete(work.FullName, recursive: true);
        }
        catch (IOException)
        {
        }
        return new Row(answers.Count(a => a == HttpStatusCode.Accepted), seconds, peak, after, beforeMiB);
    }

    /// <summary>Random pixels: PNG cannot compress them, so the file is as large as the pixels (w × h × 3 bytes).</summary>
    private static byte[] RandomPng(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        using var image = Image.LoadPixelData<Rgb24>(pixels, width, height);
        using var output = new MemoryStream();
        image.SaveAsPng(output);
        return output.ToArray();
    }
}
