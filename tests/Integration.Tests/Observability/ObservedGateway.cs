using Cartoon.Integration.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Engine;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Pipeline;
using Cartoon.Gateway.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>
/// The real gateway (Program) in embedded mode: worker and engine (CPU) in process, file-system storage in a temp
/// folder, in-memory bus unless the settings say otherwise. Every engine call goes through <see cref="CountingEngine"/>
/// so tests know how many groups really ran. <see cref="StartOnKestrel"/> serves it on a real loopback port (for an
/// outside scraper such as Prometheus).
/// </summary>
public sealed class ObservedGateway : WebApplicationFactory<Program>
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly Dictionary<string, string?> _settings;

    public ObservedGateway(IReadOnlyDictionary<string, string?>? settings = null)
    {
        StorageRoot = Path.Combine(Path.GetTempPath(), "cartoon-metrics-tests", Guid.NewGuid().ToString("N"));
        // PostgreSQL, as in production: the dashboard's database latency panel reads Npgsql's histogram.
        _settings = StackSettings.Merge(new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Messaging:Transport"] = "InMemory",
            ["Storage:Provider"] = "FileSystem",
            ["Storage:Root"] = StorageRoot,
            ["Webhooks:Secret"] = Secret,
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "256x256",
            ["Tiers:TimeLimit"] = "00:00:00.300",
        }, StackSettings.Postgres(TestDatabase.Create("observed")), settings);
    }

    public string StorageRoot { get; }

    public CountingEngine Engine => Services.GetRequiredService<CountingEngine>();

    /// <summary>Serves on 127.0.0.1:{free port} and returns the base address (http://127.0.0.1:port).</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(sp => new CountingEngine(sp.GetRequiredService<CartoonEngine>()));
            services.AddSingleton<ICartoonEngine>(sp => sp.GetRequiredService<CountingEngine>());
        });
    }

    public static readonly JsonSerializerOptions Json = ApiJson.Options;

    public static async Task<JobView> SubmitAsync(HttpClient client, IEnumerable<(string Name, byte[] Bytes)> images, string? webhook = null)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in images)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "images", name);
        }
        form.Add(new StringContent("anime"), "style");
        form.Add(new StringContent("png"), "format");
        if (webhook is not null)
        {
            form.Add(new StringContent(webhook), "webhook");
            form.Add(new StringContent("completed,item.completed,item.failed"), "webhookEvents");
        }
        using var response = await client.PostAsync("/v1/jobs", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JobView>(body, Json)!;
    }

    public static async Task<JobView> WaitTerminalAsync(HttpClient client, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JobView>($"/v1/jobs/{id}", Json))!;
            if (job.Status is "succeeded" or "failed" or "canceled")
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Job {id} still {job.Status} after {timeout}: {JsonSerializer.Serialize(job, Json)}");
            await Task.Delay(100);
        }
    }

    public static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        // The exporter caches its answer for 300 ms: wait that out so the scrape sees what just happened.
        await Task.Delay(400);
        using var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The real engine, with a record of every call (its GroupStats): the ground truth the metrics are checked against.</summary>
public sealed class CountingEngine(CartoonEngine inner) : ICartoonEngine
{
    private readonly List<GroupStats> _calls = [];

    public string Device => inner.Device;

    public IReadOnlyCollection<string> LoadedStyles => inner.LoadedStyles;

    public IReadOnlyList<GroupStats> Calls
    {
        get
        {
            lock (_calls)
                return _calls.ToArray();
        }
    }

    public async Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, Action<GroupStage>? stages, CancellationToken cancellationToken = default)
    {
        var result = await inner.CartoonizeAsync(items, stages, cancellationToken);
        lock (_calls)
            _calls.Add(result.Stats);
        return result;
    }

    public Task<IReadOnlyList<IReadOnlyList<DetectedFace>>> DetectFacesAsync(IReadOnlyList<PixelBuffer> frames,
        Detail detail = Detail.Standard, CancellationToken cancellationToken = default) =>
        inner.DetectFacesAsync(frames, detail, cancellationToken);
}
