using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Cartoon.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Cartoon.Bench -- jobs --gateway http://127.0.0.1:5180 [--images 12] [--style anime]
/// [--runs 1] [--timeout 600]`: one job of N portraits (720×720, one size tier) through a running gateway, end to end:
/// multipart submit, status polled every 100 ms until terminal. Prints, per run, the seconds from submit to completed,
/// images/s, the engine calls seen (items' batchSize, grouped by startedAt), the device and the summed inference ms.
/// Works against either mode: it only speaks the public HTTP API.
/// </summary>
internal static class JobsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var gateway = new Uri((StringArg(args, "--gateway") ?? "http://127.0.0.1:5080").TrimEnd('/') + "/");
        var count = IntArg(args, "--images", 12);
        var style = StringArg(args, "--style") ?? "anime";
        var runs = IntArg(args, "--runs", 1);
        var timeout = TimeSpan.FromSeconds(IntArg(args, "--timeout", 600));

        var images = Portraits12(count);
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };
        Console.WriteLine($"# Jobs benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC): {gateway}");
        Console.WriteLine($"Client machine: {Environment.ProcessorCount} cores, {Machine.CpuModel()}, {Machine.MemoryGiB():F0} GiB");
        Console.WriteLine($"Job: {images.Count} images ({string.Join(", ", images.Select(i => i.Name))}), style {style}, PNG out, " +
                          $"{images.Sum(i => i.Bytes.Length) / 1024.0 / 1024:F1} MiB uploaded");

        for (var run = 1; run <= runs; run++)
        {
            var result = await RunJobAsync(http, images, style, timeout);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: job {result.JobId} {result.Status} ({result.Succeeded}/{images.Count} succeeded); " +
                $"submit→completed {result.Seconds:F2} s (submit answered in {result.SubmitSeconds:F2} s; server durationMs {result.ServerDurationMs:F0}); " +
                $"{images.Count / result.Seconds:F2} images/s; engine calls (items each, by start): [{string.Join(", ", result.Groups)}]; " +
                $"batchSize values: [{string.Join(", ", result.BatchSizes)}]; device {result.Device}; inference ms summed over items {result.InferenceMs:F0} " +
                $"({result.InferenceMs / images.Count:F0} ms/image)"));
            if (result.Status != "succeeded" || result.Succeeded != images.Count)
                return 1;
        }
        return 0;
    }

    private sealed record JobRun(Guid JobId, string Status, int Succeeded, double Seconds, double SubmitSeconds, double? ServerDurationMs,
        IReadOnlyList<int> Groups, IReadOnlyList<int> BatchSizes, string Device, double InferenceMs);

    private static async Task<JobRun> RunJobAsync(HttpClient http, List<(string Name, byte[] Bytes)> images, string style, TimeSpan timeout)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in images)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "images", name + ".png");
        }
        form.Add(new StringContent(style), "style");

        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync("v1/jobs", form);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        var submitted = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202)
            throw new InvalidOperationException($"Submit answered {(int)response.StatusCode}: {submitted}");
        var id = JsonDocument.Parse(submitted).RootElement.GetProperty("id").GetGuid();

        while (true)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync($"v1/jobs/{id}"));
            var job = status.RootElement;
            var state = job.GetProperty("status").GetString()!;
            if (state is "succeeded" or "failed" or "canceled")
            {
                var seconds = clock.Elapsed.TotalSeconds;
                var items = job.GetProperty("items").EnumerateArray().ToList();
                var groups = items
                    .Where(i => i.TryGetProperty("startedAt", out _))
                    .GroupBy(i => i.GetProperty("startedAt").GetString())
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToList();
                var timings = job.GetProperty("timings");
                return new JobRun(id, state,
                    job.GetProperty("progress").GetProperty("succeeded").GetInt32(),
                    seconds, submitSeconds,
                    timings.TryGetProperty("durationMs", out var d) ? d.GetDouble() : null,
                    groups.Select(g => g.Count()).ToList(),
                    items.Where(i => i.TryGetProperty("batchSize", out _)).Select(i => i.GetProperty("batchSize").GetInt32()).Distinct().Order().ToList(),
                    string.Join("/", items.Where(i => i.TryGetProperty("device", out _)).Select(i => i.GetProperty("device").GetString()).Distinct()),
                    // Workers share an engine call's inference time among its items: the sum is the calls' total.
                    timings.GetProperty("inferenceMs").GetDouble());
            }
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Job {id} still {state} after {timeout}.");
            await Task.Delay(100);
        }
    }

    /// <summary>The 8 same-tier framings of <see cref="Portraits.SameTier"/> plus 4 more, all 720×720; cycled when more are asked.</summary>
    private static List<(string Name, byte[] Bytes)> Portraits12(int count)
    {
        var all = Portraits.SameTier();
        all.AddRange(Portraits.MoreSameTier());
        return Enumerable.Range(0, count).Select(i => i < all.Count ? all[i] : ($"{all[i % all.Count].Name}-{i}", all[i % all.Count].Bytes)).ToList();
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
