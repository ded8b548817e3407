using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

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
