namespace Cartoon.Messaging;

/// <summary>Which broker carries the commands and events. Bound from section "Messaging"; validated at start.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>InMemory (the embedded default: one process hosts gateway and worker) or RabbitMq.</summary>
    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    public RabbitMqOptions RabbitMq { get; set; } = new();
}
