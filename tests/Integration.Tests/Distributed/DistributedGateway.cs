using Cartoon.Integration.Tests.Infrastructure;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>
/// The real gateway (src/Gateway's Program) in-process through WebApplicationFactory, configured by the settings it
/// is given and nothing else: in these tests Distributed mode on RabbitMQ and S3, so the gateway hosts no worker and
/// no engine; the work is done by a separate worker host over the broker.
/// </summary>
public sealed class DistributedGateway(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    // A gateway given no database gets a fresh PostgreSQL one of its own.
    private readonly IReadOnlyDictionary<string, string?> _settings = TestDatabase.WithDatabase(settings, "gw");

    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static readonly JsonSerializerOptions Json = ApiJson.Options;

    public IBlobStore Store => Services.GetRequiredService<IBlobStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    /// <summary>Starts the host and waits for /health/ready's checks (storage, bus connected, tier queues declared).</summary>
    public async Task<DistributedGateway> StartAsync(TimeSpan timeout)
    {
        StartServer(); // TestServer, or Kestrel when UseKestrel was called (the browser test)
        await ReadyChecks.WaitAsync(Services, timeout, "Gateway not ready");
        return this;
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<JobView> GetJobAsync(Guid id)
    {
        using var client = Client();
        return (await client.GetFromJsonAsync<JobView>($"/v1/jobs/{id}", Json))!;
    }

    /// <summary>Polls GET /v1/jobs/{id} every 100 ms until <paramref name="until"/> holds, bounded by <paramref name="timeout"/>.</summary>
    public async Task<JobView> WaitForAsync(Guid id, Func<JobView, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await GetJobAsync(id);
            if (until(job))
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Job {id} did not reach the expected state in {timeout}; last: {JsonSerializer.Serialize(job, Json)}");
            await Task.Delay(100);
        }
    }

    public Task<JobView> WaitUntilTerminalAsync(Guid id, TimeSpan timeout) =>
        WaitForAsync(id, j => j.Status is "succeeded" or "failed" or "canceled", timeout);

    /// <summary>Jobs in the bucket (distinct job prefixes), read through the store.</summary>
    public async Task<int> JobCountAsync()
    {
        var jobs = new HashSet<string>();
        await foreach (var item in Store.ListAsync("jobs/"))
            jobs.Add(item.Key.Split('/')[1]);
        return jobs.Count;
    }
}
