namespace Cartoon.Messaging;

public enum MessagingTransport
{
    InMemory,
    RabbitMq,
}
