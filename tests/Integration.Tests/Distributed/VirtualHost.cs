using System.Text.Json;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Worker;
using RabbitMQ.Client;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>
/// A RabbitMQ virtual host of its own for one test class. The tier queues are isolated by the per-test
/// <c>Tiers:QueuePrefix</c>, but the gateway's event endpoint has a fixed name (<c>cartoon-gateway-job-events</c>,
/// shared by the replicas of one deployment): on the shared test broker another gateway (a parallel run, the bench
/// script) would compete for our events, and a durable queue left by an earlier run would hold old events. A fresh
/// vhost gives the gateway and the worker a broker of their own; deleting it removes every queue and exchange.
/// </summary>
internal sealed class VirtualHost : IAsyncDisposable
{
    private readonly RabbitMqEndpoint _rabbit;

    private VirtualHost(RabbitMqEndpoint rabbit, string name)
    {
        _rabbit = rabbit;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Created here, so deleted on dispose; else another owner's.</summary>
    private bool Owned { get; init; }

    public static async Task<VirtualHost> CreateAsync(RabbitMqEndpoint rabbit)
    {
        rabbit.RequireManagement();
        var name = $"e2e-{Guid.NewGuid():N}"[..16];
        using var http = RabbitAdmin.Client(rabbit);
        await BrokerAdmin.CreateVirtualHostAsync(http, name, rabbit.UserName, "Cartoon integration test");
        return new VirtualHost(rabbit, name) { Owned = true };
    }

    /// <summary>A vhost another owner created and deletes (a <see cref="DeploymentStack"/>'s): disposing this one leaves it.</summary>
    public static VirtualHost Existing(RabbitMqEndpoint rabbit, string name) => new(rabbit, name);

    public ConnectionFactory ConnectionFactory() => new()
    {
        HostName = _rabbit.Host,
        Port = _rabbit.Port,
        UserName = _rabbit.UserName,
        Password = _rabbit.Password,
        VirtualHost = Name,
        ClientProvidedName = $"{Name}-test-probe",
    };

    /// <summary>Ready messages of a queue, exactly (a passive declare).</summary>
    public async Task<uint> ReadyCountAsync(string queue)
    {
        await using var connection = await ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>Ready + unacknowledged messages of every queue of the vhost whose name starts with the prefix (management statistics, refreshed every few seconds).</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string prefix)
    {
        using var http = RabbitAdmin.Client(_rabbit);
        using var list = JsonDocument.Parse(await http.GetStringAsync($"/api/queues/{Name}"));
        var depths = new Dictionary<string, long>();
        foreach (var queue in list.RootElement.EnumerateArray())
        {
            var name = queue.GetProperty("name").GetString()!;
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            long Read(string p) => queue.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
            depths[name] = Read("messages_ready") + Read("messages_unacknowledged");
        }
        return depths;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Owned)
            return;
        try
        {
            using var http = RabbitAdmin.Client(_rabbit);
            await BrokerAdmin.DeleteVirtualHostAsync(http, Name);
        }
        catch (Exception)
        {
            // best effort
        }
    }
}

/// <summary>
/// Subscribes to the gateway's <c>JobCompleted</c> events as any other subscriber would: a queue bound to MassTransit's
/// publish exchange of the message type (declared as MassTransit declares it), read with basic.get when asked (no
/// long-lived consumer to close at the end; the queue goes with the vhost).
/// </summary>
internal sealed class JobCompletedTap
{
    public const string Exchange = "Cartoon.Contracts:JobCompleted";

    private readonly VirtualHost _vhost;
    private readonly string _queue;
    private readonly List<JsonElement> _received = [];

    private JobCompletedTap(VirtualHost vhost, string queue)
    {
        _vhost = vhost;
        _queue = queue;
    }

    public static async Task<JobCompletedTap> StartAsync(VirtualHost vhost)
    {
        var queue = $"{vhost.Name}-job-completed-tap";
        await using var connection = await vhost.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, Exchange, "");
        return new JobCompletedTap(vhost, queue);
    }

    /// <summary>The "message" part of every envelope received so far about the job (camelCase, as MassTransit serializes it).</summary>
    public async Task<IReadOnlyList<JsonElement>> ForAsync(Guid jobId)
    {
        await using (var connection = await _vhost.ConnectionFactory().CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            while (await channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
            {
                using var envelope = JsonDocument.Parse(delivery.Body);
                _received.Add(envelope.RootElement.GetProperty("message").Clone());
            }
        }
        return _received.Where(m => m.TryGetProperty("jobId", out var id) && id.GetGuid() == jobId).ToList();
    }
}
