namespace Cartoon.Processing.Messaging;

public enum MessagingTransport
{
    InMemory,
    RabbitMq,
}
