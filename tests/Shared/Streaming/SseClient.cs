using System.Diagnostics;
using System.Net;
using System.Text;

namespace Cartoon.Tests.Shared.Streaming;

/// <summary>
/// A minimal text/event-stream reader (WHATWG parsing rules for the fields the gateway sends: id, event, data, retry and
/// comments), so the tests see exactly what a browser's EventSource would.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpStatusCode Status => _response.StatusCode;

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>The "retry" field, once read.</summary>
    public int? Retry { get; private set; }

    /// <summary>Opens the stream; <paramref name="lastEventId"/> is sent as Last-Event-ID.</summary>
    public static async Task<SseClient> OpenAsync(HttpClient client, string path, string? lastEventId = null, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        return new SseClient(response, await response.Content.ReadAsStreamAsync(ct));
    }

    /// <summary>The next event (or heartbeat comment); null once the server closed the stream.</summary>
    public async Task<SseEvent?> NextAsync(CancellationToken ct)
    {
        string? id = null, type = null;
        var data = new StringBuilder();
        var any = false;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (any)
                    return new SseEvent(type ?? "message", id, data.ToString(), _clock.Elapsed);
                continue;
            }
            if (line[0] == ':')
                return new SseEvent("heartbeat", null, line[1..].Trim(), _clock.Elapsed);
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; any = true; break;
                case "event": type = value; any = true; break;
                case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); any = true; break;
                case "retry": Retry = int.Parse(value); break;
            }
        }
        return null;
    }

    /// <summary>Events (no heartbeats) until one of <paramref name="type"/> or the end of the stream.</summary>
    public async Task<List<SseEvent>> ReadUntilAsync(string type, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var events = new List<SseEvent>();
        while (await NextAsync(cts.Token) is { } e)
        {
            if (e.Type == "heartbeat")
                continue;
            events.Add(e);
            if (e.Type == type)
                break;
        }
        return events;
    }

    /// <summary>The next <paramref name="count"/> events (no heartbeats).</summary>
    public async Task<List<SseEvent>> TakeAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var events = new List<SseEvent>();
        while (events.Count < count && await NextAsync(cts.Token) is { } e)
        {
            if (e.Type != "heartbeat")
                events.Add(e);
        }
        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
