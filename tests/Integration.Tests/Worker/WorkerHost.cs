using Cartoon.Worker;
using System.Collections.Concurrent;
using System.Text;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Messaging;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Integration.Tests.Worker;

/// <summary>
/// A process as the hosts compose it (AddCartoonEngine + AddCartoonStorage + AddCartoonBus) on the real RabbitMQ and
/// S3, with the real engine on CPU: a worker (hostWorker) or a sender without worker (a distributed gateway). Tier
/// queues are named from a fresh prefix per test, so runs never share queues; a temporary endpoint collects the
/// item events.
/// </summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RabbitMqEndpoint _rabbit;
    private readonly bool _deleteQueues;

    private WorkerHost(IHost host, RabbitMqEndpoint rabbit, string prefix, bool deleteQueues)
    {
        _host = host;
        _rabbit = rabbit;
        _deleteQueues = deleteQueues;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public IServiceProvider Services => _host.Services;

    public TierCatalog Tiers => Services.GetRequiredService<TierCatalog>();

    public IBlobStore Store => Services.GetRequiredService<IBlobStore>();

    public OutcomeLog Outcomes => Services.GetRequiredService<OutcomeLog>();

    public static string NewPrefix() => $"it{Guid.NewGuid():N}"[..14];

    public static async Task<WorkerHost> StartAsync(RabbitMqEndpoint rabbit, string bucket, string prefix, bool hostWorker = true,
        IDictionary<string, string?>? settings = null, bool deleteQueuesOnDispose = true)
    {
        var services = ServicesFixture.Instance;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(StackSettings.Merge(
            rabbit.Settings(connectionName: $"{prefix}-{(hostWorker ? "worker" : "sender")}"), services.S3Settings(bucket), new Dictionary<string, string?>
        {
            ["Storage:RetryBaseDelay"] = "00:00:00.050",
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "256x256",
            ["Tiers:QueuePrefix"] = prefix,
            ["Tiers:MaxGroupSize"] = "5",
            ["Tiers:TimeLimit"] = "00:00:01",
            ["Worker:RetryIntervals:0"] = "00:00:00.200",
            ["Worker:RetryIntervals:1"] = "00:00:01",
        }));
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);

        if (Environment.GetEnvironmentVariable("CARTOON_TEST_LOG") == "1")
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<OutcomeLog>();
        if (hostWorker)
            builder.Services.AddCartoonEngine(builder.Configuration);
        builder.Services.AddCartoonStorage(builder.Configuration);
        Action<IBusRegistrationConfigurator> outcomes = bus =>
            bus.AddConsumer<OutcomeCollector>().Endpoint(e =>
            {
                e.Name = $"{prefix}-{(hostWorker ? "worker" : "sender")}-outcomes";
                e.Temporary = true;
            });
        if (hostWorker)
            builder.Services.AddCartoonWorker(builder.Configuration, outcomes);
        else
            builder.Services.AddCartoonBus(builder.Configuration, outcomes);

        var host = builder.Build();
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.StartAsync(start.Token);
        var worker = new WorkerHost(host, rabbit, prefix, deleteQueuesOnDispose);
        await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(1));
        return worker;
    }

    /// <summary>Every "ready" check healthy: engine warm (worker), storage, bus connected, tier queues declared (sender).</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) => ReadyChecks.WaitAsync(Services, timeout, "Not ready");

    public Task SendAsync(IEnumerable<CartoonizeItem> items) =>
        Services.GetRequiredService<IBus>().SendToTiersAsync(Tiers, Services.GetRequiredService<TierSendAddresses>(), items);

    public async Task<IReadOnlyList<IItemOutcome>> WaitForOutcomesAsync(Guid jobId, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var outcomes = Outcomes.For(jobId);
            if (outcomes.Count >= count)
                return outcomes;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Job {jobId}: {outcomes.Count} of {count} outcomes arrived.");
            await Task.Delay(100);
        }
    }

    /// <summary>A command for an input stored (when given) under the job's layout.</summary>
    public async Task<CartoonizeItem> ItemAsync(Guid jobId, int index, byte[]? input, int width, int height, string format = "png")
    {
        var inputKey = JobObjectKeys.Input(jobId, index);
        if (input is not null)
            await Store.PutAsync(inputKey, input, "image/png");
        var plan = Tiers.Resolve(width, height);
        return new CartoonizeItem
        {
            JobId = jobId,
            ItemIndex = index,
            TenantId = "it",
            InputKey = inputKey,
            ResultKey = JobObjectKeys.Result(jobId, index, format),
            Style = Styles.Default,
            Strength = 1f,
            Format = format,
            WorkWidth = width,
            WorkHeight = height,
            Tier = plan.Name,
            SubmittedAt = DateTimeOffset.UtcNow,
        };
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _host.StopAsync(stop.Token);
        }
        finally
        {
            _host.Dispose();
            if (_deleteQueues)
                await RabbitAdmin.DeleteQueuesAsync(_rabbit, Prefix);
        }
    }
}

/// <summary>Item events (and faults) as a gateway would see them.</summary>
public sealed class OutcomeLog
{
    private readonly ConcurrentQueue<IItemOutcome> _outcomes = new();

    public ConcurrentQueue<Fault<CartoonizeItem>> Faults { get; } = new();

    public void Add(IItemOutcome outcome) => _outcomes.Enqueue(outcome);

    public IReadOnlyList<IItemOutcome> For(Guid jobId) => _outcomes.Where(o => o.JobId == jobId).ToList();
}

public sealed class OutcomeCollector(OutcomeLog log) : IConsumer<ItemCompleted>, IConsumer<ItemFailed>, IConsumer<Fault<CartoonizeItem>>
{
    public Task Consume(ConsumeContext<ItemCompleted> context)
    {
        log.Add(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ItemFailed> context)
    {
        log.Add(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Fault<CartoonizeItem>> context)
    {
        log.Faults.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>The management API, for checks and clean-up around the code under test.</summary>
internal static class RabbitAdmin
{
    public static HttpClient Client(RabbitMqEndpoint rabbit) =>
        BrokerAdmin.Client(rabbit.ManagementUri ?? throw new InvalidOperationException("No RabbitMQ management API."), rabbit.UserName, rabbit.Password);

    public static async Task<string?> QueueTypeAsync(RabbitMqEndpoint rabbit, string queue)
    {
        using var http = Client(rabbit);
        using var response = await http.GetAsync($"/api/queues/%2F/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
            return null;
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
    }

    /// <summary>Ready messages of a queue, exactly (a passive declare, not the 5 s management statistics).</summary>
    public static async Task<uint> MessageCountAsync(RabbitMqEndpoint rabbit, string queue)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory
        {
            HostName = rabbit.Host, Port = rabbit.Port, UserName = rabbit.UserName, Password = rabbit.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>Force-closes the broker connections with this client-provided name (as a process exit would); returns how many.</summary>
    public static async Task<int> CloseConnectionsAsync(RabbitMqEndpoint rabbit, string connectionName)
    {
        if (rabbit.ManagementUri is null)
            throw new InvalidOperationException("The management API is needed to close a connection.");
        using var http = Client(rabbit);
        var closed = 0;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (closed == 0 && DateTime.UtcNow < deadline)
        {
            using var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/connections"));
            foreach (var connection in list.RootElement.EnumerateArray())
            {
                if (connection.TryGetProperty("client_properties", out var properties)
                    && properties.TryGetProperty("connection_name", out var name) && name.GetString() == connectionName)
                {
                    using var response = await http.DeleteAsync($"/api/connections/{Uri.EscapeDataString(connection.GetProperty("name").GetString()!)}");
                    if (response.IsSuccessStatusCode)
                        closed++;
                }
            }
            if (closed == 0)
                await Task.Delay(500); // the connection list is refreshed every few seconds
        }
        return closed;
    }

    /// <summary>Deletes the queues and exchanges whose names start with the prefix; never throws (clean-up).</summary>
    public static async Task DeleteQueuesAsync(RabbitMqEndpoint rabbit, string prefix)
    {
        if (rabbit.ManagementUri is null)
            return;
        try
        {
            using var http = Client(rabbit);
            foreach (var kind in new[] { "queues", "exchanges" })
            {
                using var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/api/{kind}/%2F"));
                foreach (var entity in list.RootElement.EnumerateArray())
                {
                    var name = entity.GetProperty("name").GetString();
                    if (name is not null && name.StartsWith(prefix, StringComparison.Ordinal))
                        using (await http.DeleteAsync($"/api/{kind}/%2F/{Uri.EscapeDataString(name)}")) { }
                }
            }
        }
        catch (Exception)
        {
            // best effort
        }
    }
}

/// <summary>Portrait inputs from shared/samples, scaled down so CPU groups stay quick.</summary>
internal static class Portraits
{
    public static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "samples", name);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException($"shared/samples/{name} not found above {AppContext.BaseDirectory}");
    }

    public static byte[] Png(int width, int height, string sample = "astronaut_eileen_collins_nasa.png")
    {
        using var image = Image.Load(File.ReadAllBytes(Sample(sample)));
        image.Mutate(x => x.Resize(width, height));
        using var output = new MemoryStream();
        image.SaveAsPng(output);
        return output.ToArray();
    }

    /// <summary>A PNG whose header is intact but whose pixel data cannot be inflated (it passes a header probe).</summary>
    public static byte[] CorruptPixels(byte[] png)
    {
        var data = (byte[])png.Clone();
        var offset = 8;
        while (offset + 12 <= data.Length)
        {
            var length = (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];
            var type = Encoding.ASCII.GetString(data, offset + 4, 4);
            if (type == "IDAT")
            {
                for (var i = offset + 8 + 2; i < offset + 8 + length; i++)
                    data[i] = 0xFF;
                var crc = System.IO.Hashing.Crc32.HashToUInt32(data.AsSpan(offset + 4, 4 + length));
                data[offset + 8 + length] = (byte)(crc >> 24);
                data[offset + 9 + length] = (byte)(crc >> 16);
                data[offset + 10 + length] = (byte)(crc >> 8);
                data[offset + 11 + length] = (byte)crc;
                return data;
            }
            offset += 12 + length;
        }
        throw new InvalidOperationException("no IDAT chunk");
    }
}
