using System.Text.Json;

namespace Cartoon.Tests.Shared.Streaming;

/// <summary>One server-sent event as a client received it; <see cref="Type"/> "heartbeat" stands for a comment line.</summary>
public sealed record SseEvent(string Type, string? Id, string Data, TimeSpan ReceivedAfter)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}
