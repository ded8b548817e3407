using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Cartoon.Messaging;

/// <summary>GET {ManagementUrl}/api/queues/{vhost}/{queue}: messages_ready and messages_unacknowledged (refreshed by the broker every ~5 s).</summary>
internal sealed class ManagementApiDepthSource : IQueueDepthSource, IDisposable
{
    private readonly HttpClient _http;
    private readonly string _vhost;

    public ManagementApiDepthSource(RabbitMqOptions rabbit)
    {
        _http = new HttpClient { BaseAddress = new Uri(rabbit.ManagementUrl!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.Username}:{rabbit.Password}")));
        _vhost = Uri.EscapeDataString(rabbit.VirtualHost);
    }

    public string Name => $"the management API at {_http.BaseAddress}";

    public async Task<QueueDepth?> ReadAsync(string queue, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"api/queues/{_vhost}/{Uri.EscapeDataString(queue)}", ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct).ConfigureAwait(false);
        var root = json.RootElement;
        // A queue that has seen no traffic yet has no message counters (fields absent): zero.
        return new QueueDepth(Read(root, "messages_ready"), Read(root, "messages_unacknowledged"));
    }

    private static long Read(JsonElement root, string field) =>
        root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    public void Dispose() => _http.Dispose();
}

/// <summary>A passive queue declare: the exact ready count, immediately; no unacked count. One connection, kept.</summary>
internal sealed class PassiveDeclareDepthSource(RabbitMqOptions rabbit) : IQueueDepthSource, IDisposable
{
    private IConnection? _connection;

    public string Name => "passive queue declares (ready only)";

    public async Task<QueueDepth?> ReadAsync(string queue, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        // A passive declare of a missing queue closes its channel: one channel per read.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue, ct).ConfigureAwait(false);
            return new QueueDepth(ok.MessageCount, null);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        if (_connection is { IsOpen: true })
            return _connection;
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
        var factory = new ConnectionFactory
        {
            HostName = rabbit.Host,
            Port = rabbit.Port,
            VirtualHost = rabbit.VirtualHost,
            UserName = rabbit.Username,
            Password = rabbit.Password,
            ClientProvidedName = "cartoon-queue-depth",
        };
        _connection = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        return _connection;
    }

    public void Dispose() => _connection?.Dispose();
}
