using System.Text;
using System.Text.Json;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Streaming;

/// <summary>Writes the text/event-stream format (WHATWG HTML, "Server-sent events") and flushes each event.</summary>
public sealed class SseWriter(HttpResponse response)
{
    public async Task RetryAsync(int milliseconds, CancellationToken ct) =>
        await WriteAsync($"retry: {milliseconds}\n\n", ct);

    /// <summary>One event; the data is JSON on one line, so it needs no splitting into several data fields.</summary>
    public Task EventAsync(JobStreamEvent e, CancellationToken ct) =>
        WriteAsync($"id: {e.Id}\nevent: {e.Type}\ndata: {JsonSerializer.Serialize(e.Data, e.Data.GetType(), ApiJson.Options)}\n\n", ct);

    /// <summary>A comment: ignored by clients, keeps intermediaries from closing an idle connection.</summary>
    public Task HeartbeatAsync(CancellationToken ct) => WriteAsync(": heartbeat\n\n", ct);

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}
