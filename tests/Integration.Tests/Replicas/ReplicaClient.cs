using System.Net;
using System.Text.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Replicas;

/// <summary>
/// A client behind a load balancer over several gateway replicas, as a careful API user writes it: every submit carries
/// an Idempotency-Key; a replica that drops the connection (killed) is left for the next one, the same key retried
/// there; 409 (the first attempt still in flight) and 503 (with Retry-After) are retried after a pause. Records every
/// answer it got, so a test can assert what clients saw.
/// </summary>
internal sealed class ReplicaClient(IReadOnlyList<AppProcess> replicas)
{
    private int _next;

    public List<HttpStatusCode> Answers { get; } = [];

    public List<string> Problems { get; } = [];

    public IEnumerable<AppProcess> Live => replicas.Where(r => !r.HasExited);

    public async Task<JobView> SubmitAsync(IReadOnlyList<(string Name, byte[] Bytes)> images, string key, TimeSpan timeout,
        params (string Name, string Value)[] fields)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var replica = Pick();
            try
            {
                using var http = replica.CreateClient(TimeSpan.FromSeconds(30));
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = E2eImages.Form(images, fields) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                lock (Answers)
                    Answers.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    return JsonSerializer.Deserialize<JobView>(body, ApiJson.Options)!;
                if ((int)response.StatusCode >= 500 && (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is null))
                    lock (Problems)
                        Problems.Add($"{(int)response.StatusCode} from {replica.Name}: {body}");
                if (response.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable) && (int)response.StatusCode < 500)
                    throw new InvalidOperationException($"submit {key} answered {(int)response.StatusCode}: {body}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The replica went away mid-request: the same key goes to another one.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"submit {key} not accepted within {timeout}");
            await Task.Delay(300);
        }
    }

    public async Task<T> GetAsync<T>(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var http = Pick().CreateClient(TimeSpan.FromSeconds(30));
                using var response = await http.GetAsync(path);
                if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    lock (Problems)
                        Problems.Add($"GET {path}: {(int)response.StatusCode} {text}");
                }
                if (response.IsSuccessStatusCode)
                    return JsonSerializer.Deserialize<T>(await response.Content.ReadAsStringAsync(), ApiJson.Options)!;
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && attempt < 20)
            {
            }
            if (attempt >= 20)
                throw new InvalidOperationException($"GET {path} did not succeed in 20 attempts");
            await Task.Delay(300);
        }
    }

    /// <summary>Every job of the tenant through GET /v1/jobs, page by page.</summary>
    public async Task<List<JobSummaryView>> ListAllAsync(int pageSize)
    {
        var all = new List<JobSummaryView>();
        string? cursor = null;
        do
        {
            var page = await GetAsync<JobListView>($"/v1/jobs?limit={pageSize}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            all.AddRange(page.Jobs);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    private AppProcess Pick()
    {
        var live = Live.ToList();
        if (live.Count == 0)
            throw new InvalidOperationException("no gateway replica is running");
        return live[(int)((uint)Interlocked.Increment(ref _next) % live.Count)];
    }
}
