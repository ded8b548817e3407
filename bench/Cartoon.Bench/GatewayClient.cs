using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Cartoon.Engine.Imaging;

namespace Cartoon.Bench;

/// <summary>One item of a finished job, as GET /v1/jobs/{id} reports it.</summary>
internal sealed record ItemOutcome(int Index, string Status, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    double? QueueWaitMs, double? InferenceMs, int? BatchSize, string? Device);

/// <summary>A job followed from the client's submit to the terminal status it observed.</summary>
internal sealed record JobOutcome(Guid Id, string Status, int Succeeded, double ClientSeconds, double SubmitSeconds,
    DateTimeOffset SubmittedAt, DateTimeOffset? CompletedAt, double? ServerDurationMs, double InferenceMs, IReadOnlyList<ItemOutcome> Items)
{
    /// <summary>Engine calls seen: items grouped by their startedAt (one group = one start), in start order.</summary>
    public IReadOnlyList<int> Groups => Items.Where(i => i.StartedAt is not null).GroupBy(i => i.StartedAt).OrderBy(g => g.Key).Select(g => g.Count()).ToList();

    public string Device => string.Join("/", Items.Select(i => i.Device).OfType<string>().Distinct());
}

/// <summary>Several jobs run together.</summary>
internal sealed record Batch(double ClientSeconds, IReadOnlyList<JobOutcome> Jobs)
{
    public int Succeeded => Jobs.Sum(j => j.Succeeded);

    /// <summary>Server time from the first job accepted to the last completed.</summary>
    public double ServerSeconds => (Jobs.Max(j => j.CompletedAt ?? j.SubmittedAt) - Jobs.Min(j => j.SubmittedAt)).TotalSeconds;

    public double InferenceMs => Jobs.Sum(j => j.InferenceMs);

    /// <summary>Engine calls across the jobs (a group's items share its startedAt), in start order.</summary>
    public IReadOnlyList<int> Groups => Jobs.SelectMany(j => j.Items).Where(i => i.StartedAt is not null)
        .GroupBy(i => i.StartedAt).OrderBy(g => g.Key).Select(g => g.Count()).ToList();
}

/// <summary>
/// The public HTTP API as the benchmarks use it: multipart submit (202 + id), then GET /v1/jobs/{id} every
/// <c>poll</c> until the job is terminal. The client clock starts before the upload and stops at the first poll that
/// sees the terminal status, so it includes the upload and at most one poll interval of observation delay; the server's
/// own submit → completed time (timings.durationMs) has neither.
/// </summary>
internal sealed class GatewayClient(Uri gateway) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };
    private int _failedPolls;

    /// <summary>Status polls the gateway answered with a 5xx (retried at the next poll).</summary>
    public int FailedPolls => _failedPolls;

    public async Task<JobOutcome> RunAsync(IReadOnlyList<(string Name, byte[] Bytes)> images, string style, TimeSpan poll, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var id = await SubmitAsync(images, style);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        return await WaitAsync(id, clock, submitSeconds, poll, timeout);
    }

    /// <summary>
    /// The images as jobs of at most <paramref name="perJob"/> (the gateway's per-job cap), submitted concurrently, all
    /// followed to the end. Seconds: from before the first upload to the last job observed terminal.
    /// </summary>
    public async Task<Batch> RunManyAsync(IReadOnlyList<(string Name, byte[] Bytes)> images, int perJob, string style, TimeSpan poll, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(images.Chunk(perJob).Select(c => SubmitAsync(c, style)));
        var submitSeconds = clock.Elapsed.TotalSeconds;
        var jobs = await Task.WhenAll(ids.Select(id => WaitAsync(id, clock, submitSeconds, poll, timeout)));
        return new Batch(jobs.Max(j => j.ClientSeconds), jobs);
    }

    public async Task<Guid> SubmitAsync(IReadOnlyList<(string Name, byte[] Bytes)> images, string style)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in images)
        {
            var part = new ByteArrayContent(bytes);
            if (ImageProbe.SniffFormat(bytes) is { } format)
            {
                part.Headers.ContentType = new MediaTypeHeaderValue($"image/{format}");
                form.Add(part, "images", $"{name}.{(format == "jpeg" ? "jpg" : format)}");
            }
            else
            {
                // Not a picture (a video): sent as named; the gateway tells parts apart by their content.
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(part, "images", name);
            }
        }
        form.Add(new StringContent(style), "style");
        using var response = await _http.PostAsync("v1/jobs", form);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202)
            throw new InvalidOperationException($"Submit answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Polls until terminal; <paramref name="clock"/> is the caller's, started before the submit.</summary>
    public async Task<JobOutcome> WaitAsync(Guid id, Stopwatch clock, double submitSeconds, TimeSpan poll, TimeSpan timeout)
    {
        while (true)
        {
            var (done, outcome) = await TryGetAsync(id, clock, submitSeconds);
            if (done)
                return outcome!;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Job {id} not terminal after {timeout}.");
            await Task.Delay(poll);
        }
    }

    /// <summary>One GET: whether the job is terminal and, if so, its outcome.</summary>
    public async Task<(bool Done, JobOutcome? Outcome)> TryGetAsync(Guid id, Stopwatch clock, double submitSeconds)
    {
        using var response = await _http.GetAsync($"v1/jobs/{id}");
        if ((int)response.StatusCode >= 500)
        {
            // A failed poll is not the job's outcome (seen: the MinIO SDK throwing on an S3 404 while the gateway re-read
            // a job): counted, reported, and the next poll asks again.
            Interlocked.Increment(ref _failedPolls);
            return (false, null);
        }
        response.EnsureSuccessStatusCode();
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var job = status.RootElement;
        var state = job.GetProperty("status").GetString()!;
        if (state is not ("succeeded" or "failed" or "canceled"))
            return (false, null);
        var seconds = clock.Elapsed.TotalSeconds;
        var timings = job.GetProperty("timings");
        var items = job.GetProperty("items").EnumerateArray().Select(i => new ItemOutcome(
            i.GetProperty("index").GetInt32(),
            i.GetProperty("status").GetString()!,
            Date(i, "startedAt"),
            Date(i, "completedAt"),
            Number(i, "queueWaitMs"),
            Number(i, "inferenceMs"),
            i.TryGetProperty("batchSize", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt32() : null,
            i.TryGetProperty("device", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null)).ToList();
        return (true, new JobOutcome(id, state, job.GetProperty("progress").GetProperty("succeeded").GetInt32(), seconds, submitSeconds,
            Date(timings, "submittedAt")!.Value, Date(timings, "completedAt"), Number(timings, "durationMs"),
            // Workers share an engine call's inference time among its items: the sum is the calls' total.
            timings.GetProperty("inferenceMs").GetDouble(), items));
    }

    private static DateTimeOffset? Date(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetDateTimeOffset() : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public void Dispose() => _http.Dispose();
}
