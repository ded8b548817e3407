using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Distributed;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>The job API calls the tests make through any client: to TestServer or to a gateway on a real port.</summary>
public static class JobRequests
{
    public static bool IsTerminal(JobView job) => JobStatuses.IsTerminal(job.Status);

    /// <summary>POST /v1/jobs with the images as anime PNGs (and a webhook for all events when given); asserts 202.</summary>
    public static async Task<JobView> SubmitAsync(HttpClient client, IEnumerable<(string Name, byte[] Bytes)> images, string? webhook = null)
    {
        (string, string)[] fields = webhook is null
            ? [("style", "anime"), ("format", "png")]
            : [("style", "anime"), ("format", "png"), ("webhook", webhook), ("webhookEvents", "completed,item.completed,item.failed")];
        using var form = E2eImages.Form(images, fields);
        using var response = await client.PostAsync("/v1/jobs", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JobView>(body, InProcessGateway.Json)!;
    }

    public static async Task<JobView> GetAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JobView>($"/v1/jobs/{id}", InProcessGateway.Json))!;

    /// <summary>Polls GET /v1/jobs/{id} every 100 ms until <paramref name="until"/> holds, bounded by <paramref name="timeout"/>.</summary>
    public static async Task<JobView> WaitForAsync(HttpClient client, Guid id, Func<JobView, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await GetAsync(client, id);
            if (until(job))
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Job {id} did not reach the expected state in {timeout}; last: {JsonSerializer.Serialize(job, InProcessGateway.Json)}");
            await Task.Delay(100);
        }
    }

    public static Task<JobView> WaitTerminalAsync(HttpClient client, Guid id, TimeSpan timeout) =>
        WaitForAsync(client, id, IsTerminal, timeout);
}
