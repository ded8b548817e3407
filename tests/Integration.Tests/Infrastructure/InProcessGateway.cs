using System.Net;
using System.Text.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>
/// The real gateway (src/Gateway's Program) in-process through WebApplicationFactory, configured by the settings it
/// is given and nothing else (Distributed on RabbitMQ and S3, or embedded: see Observability's EmbeddedGateway), plus
/// the test services it is given, if any. <paramref name="scratchFolder"/>, when given, belongs to this gateway (its
/// storage root, say) and is deleted on dispose.
/// </summary>
public sealed class InProcessGateway(IReadOnlyDictionary<string, string?> settings,
    Action<IServiceCollection>? testServices = null, string? scratchFolder = null) : WebApplicationFactory<Program>
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
        if (testServices is not null)
            builder.ConfigureTestServices(testServices);
    }

    /// <summary>Starts the host and waits for /health/ready's checks (storage, bus connected, tier queues declared).</summary>
    public async Task<InProcessGateway> StartAsync(TimeSpan timeout)
    {
        StartServer(); // TestServer, or Kestrel when UseKestrel was called (the browser test)
        await ReadyChecks.WaitAsync(Services, timeout, "Gateway not ready");
        return this;
    }

    /// <summary>Serves on 127.0.0.1:{free port} and returns the base address (http://127.0.0.1:port).</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<JobView> GetJobAsync(Guid id)
    {
        using var client = Client();
        return await JobRequests.GetAsync(client, id);
    }

    /// <summary>Polls GET /v1/jobs/{id} every 100 ms until <paramref name="until"/> holds, bounded by <paramref name="timeout"/>.</summary>
    public async Task<JobView> WaitForAsync(Guid id, Func<JobView, bool> until, TimeSpan timeout)
    {
        using var client = Client();
        return await JobRequests.WaitForAsync(client, id, until, timeout);
    }

    public Task<JobView> WaitUntilTerminalAsync(Guid id, TimeSpan timeout) =>
        WaitForAsync(id, JobRequests.IsTerminal, timeout);

    /// <summary>Jobs in the bucket (distinct job prefixes), read through the store.</summary>
    public async Task<int> JobCountAsync()
    {
        var jobs = new HashSet<string>();
        await foreach (var item in Store.ListAsync("jobs/"))
            jobs.Add(item.Key.Split('/')[1]);
        return jobs.Count;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (scratchFolder is null)
            return;
        try
        {
            Directory.Delete(scratchFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
