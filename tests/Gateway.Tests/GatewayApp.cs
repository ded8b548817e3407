using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Storage;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// The real gateway in-process: real file-system blob store in a temp folder, real MassTransit in-memory transport.
/// Distributed mode by default, so no worker runs inside and tests play the worker (<see cref="TestWorker"/>) or
/// publish its events directly. Two instances over one folder model a restart.
/// </summary>
public sealed class GatewayApp : WebApplicationFactory<Program>
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly Dictionary<string, string?> _settings;

    public GatewayApp(string? storageRoot = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        StorageRoot = storageRoot ?? Path.Combine(Path.GetTempPath(), "cartoon-gw-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Distributed",
            // Distributed mode requires API keys by default; these tests run open unless they configure keys.
            ["Auth:RequireKeys"] = "false",
            ["Messaging:Transport"] = "InMemory",
            ["Storage:Provider"] = "FileSystem",
            ["Storage:Root"] = StorageRoot,
            ["Webhooks:Secret"] = Secret,
            ["Database:SqlitePath"] = Path.Combine(StorageRoot, "cartoon.db"),
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Webhooks:JitterFraction"] = "0",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            _settings[k] = v;
    }

    public string StorageRoot { get; }

    /// <summary>The factory starts its host lazily; background work (webhook sweeps) needs it running.</summary>
    public GatewayApp Start()
    {
        _ = Server;
        return this;
    }

    /// <summary>Starts the app expecting the start to be refused; returns the validation failure that refused it.</summary>
    /// <remarks>
    /// WebApplicationFactory runs Program on its own thread (dotnet/aspnetcore#38335). When the start fails, that thread
    /// disposes the host, and if it does so before the factory's DeferredHost reads IHostApplicationLifetime, the factory
    /// throws ObjectDisposedException and the real reason is lost. Only that race is retried, on a fresh start.
    /// </remarks>
    public OptionsValidationException StartupFailure()
    {
        for (var attempt = 1; ; attempt++)
        {
            var thrown = Record.Exception(() => CreateClient());
            if (thrown is ObjectDisposedException && thrown.StackTrace?.Contains("DeferredHost", StringComparison.Ordinal) == true && attempt < 5)
                continue;
            return Assert.IsAssignableFrom<OptionsValidationException>(thrown);
        }
    }

    public IBlobStore Store => Services.GetRequiredService<IBlobStore>();

    public IBus Bus => Services.GetRequiredService<IBus>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    public static readonly JsonSerializerOptions Json = ApiJson.Options;

    public async Task<JobView> GetJobAsync(Guid id)
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<JobView>($"/v1/jobs/{id}", Json))!;
    }

    /// <summary>Submits <paramref name="images"/> small distinct PNGs (p0.png …) with <paramref name="fields"/>; asserts the 202.</summary>
    public async Task<JobView> SubmitPngsAsync(int images, params (string Name, string Value)[] fields)
    {
        using var client = CreateClient();
        var parts = Enumerable.Range(0, images).Select(i => ($"p{i}.png", TestImages.Png(64 + i, 48, seed: i))).ToArray();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(parts, fields));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(Json))!;
    }

    /// <summary>Polls the status until <paramref name="until"/> holds (events are applied asynchronously).</summary>
    public async Task<JobView> WaitForAsync(Guid id, Func<JobView, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var job = await GetJobAsync(id);
            if (until(job))
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Job {id} never reached the expected state; last: {JsonSerializer.Serialize(job, Json)}");
            await Task.Delay(50);
        }
    }

    /// <summary>Jobs in the store (distinct job prefixes), read through the store so its layout on disk does not matter.</summary>
    public int JobCount() => CountJobsAsync().GetAwaiter().GetResult();

    private async Task<int> CountJobsAsync()
    {
        var jobs = new HashSet<string>();
        await foreach (var item in Store.ListAsync("jobs/"))
            jobs.Add(item.Key.Split('/')[1]);
        return jobs.Count;
    }
}
