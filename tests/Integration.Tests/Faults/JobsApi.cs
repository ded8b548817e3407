using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;
using SixLabors.ImageSharp;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>One POST /v1/jobs as the client saw it.</summary>
internal sealed record SubmitAnswer(HttpStatusCode Status, JobView? Job, string Body, string? RetryAfter, string? ContentType)
{
    public bool Accepted => Status == HttpStatusCode.Accepted && Job is not null;

    /// <summary>The ProblemDetails "reason" of an error answer, if it is one.</summary>
    public string? Reason
    {
        get
        {
            try
            {
                return JsonDocument.Parse(Body).RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public override string ToString() => $"{(int)Status} {Reason} Retry-After={RetryAfter} {ContentType}";
}

/// <summary>The gateway's public API as a client uses it, against whichever gateway process is current.</summary>
internal sealed class JobsApi(Func<AppProcess> gateway)
{
    public static readonly JsonSerializerOptions Json = ApiJson.Options;

    public AppProcess Gateway => gateway();

    public async Task<SubmitAnswer> SubmitAsync(IReadOnlyList<(string Name, byte[] Bytes)> images, params (string Name, string Value)[] fields)
    {
        using var http = Gateway.CreateClient(TimeSpan.FromSeconds(90));
        using var response = await http.PostAsync("/v1/jobs", E2eImages.Form(images, fields));
        var body = await response.Content.ReadAsStringAsync();
        var job = response.StatusCode == HttpStatusCode.Accepted ? JsonSerializer.Deserialize<JobView>(body, Json) : null;
        return new SubmitAnswer(response.StatusCode, job, body, response.Headers.RetryAfter?.ToString(),
            response.Content.Headers.ContentType?.MediaType);
    }

    public async Task<JobView> GetAsync(Guid id)
    {
        using var http = Gateway.CreateClient();
        return (await http.GetFromJsonAsync<JobView>($"/v1/jobs/{id}", Json))!;
    }

    /// <summary>
    /// Polls every job until all are terminal (succeeded / failed / canceled). On timeout the message lists each item
    /// still pending ("lost" if the deadline is generous) and every process's output.
    /// </summary>
    public async Task<IReadOnlyList<JobView>> WaitAllTerminalAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var done = new Dictionary<Guid, JobView>();
        var last = new Dictionary<Guid, JobView>();
        var lastError = "";
        while (true)
        {
            foreach (var id in ids.Where(i => !done.ContainsKey(i)))
            {
                try
                {
                    var job = await GetAsync(id);
                    last[id] = job;
                    if (JobStatuses.IsTerminal(job.Status))
                        done[id] = job;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    lastError = ex.Message; // a gateway being restarted: keep polling
                }
            }
            if (done.Count == ids.Count)
                return ids.Select(i => done[i]).ToList();
            if (DateTime.UtcNow > deadline)
            {
                var pending = last.Values.Where(j => !done.ContainsKey(j.Id))
                    .SelectMany(j => j.Items.Where(i => i.Status is not (JobStatuses.Succeeded or JobStatuses.Failed or JobStatuses.Canceled))
                        .Select(i => $"{j.Id}/{i.Index} {i.Status}"))
                    .ToList();
                throw new TimeoutException(
                    $"{ids.Count - done.Count} of {ids.Count} jobs not terminal within {timeout}; items still pending ({pending.Count}): " +
                    $"{string.Join(", ", pending)}; last error: {lastError}{Environment.NewLine}{describe?.Invoke()}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Downloads each succeeded item's result (302 to the presigned S3 URL) and decodes it: the result is a real image of
    /// the expected size. Returns how many were checked; a bad one fails the test with its job and index.
    /// </summary>
    public async Task<int> VerifyResultsAsync(IEnumerable<JobView> jobs, int width, int height)
    {
        using var http = Gateway.CreateClient();
        using var s3 = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var checkedCount = 0;
        foreach (var job in jobs)
        {
            foreach (var item in job.Items.Where(i => i.Status == JobStatuses.Succeeded))
            {
                using var redirect = await http.GetAsync($"/v1/jobs/{job.Id}/items/{item.Index}/result");
                Assert.True(redirect.StatusCode == HttpStatusCode.Found, $"{job.Id}/{item.Index}: result answered {(int)redirect.StatusCode}");
                var bytes = await s3.GetByteArrayAsync(redirect.Headers.Location);
                var info = Image.Identify(bytes);
                Assert.True((info.Width, info.Height) == (width, height),
                    $"{job.Id}/{item.Index}: result is {info.Width}x{info.Height}, expected {width}x{height}");
                using var image = Image.Load(bytes); // every pixel decodes, not just the header
                checkedCount++;
            }
        }
        return checkedCount;
    }
}
