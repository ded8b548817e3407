using RabbitMQ.Client;

namespace Cartoon.Messaging;

/// <summary>
/// A plain RabbitMQ client connection to the configured broker, for the few things done beside MassTransit (declaring
/// the tier queues before any worker exists, reading queue depth): named for what opens it, as the management UI shows it.
/// </summary>
internal static class RabbitMqConnections
{
    public static Task<IConnection> OpenAsync(RabbitMqOptions rabbit, string clientName, CancellationToken ct) =>
        new ConnectionFactory
        {
            HostName = rabbit.Host,
            Port = rabbit.Port,
            VirtualHost = rabbit.VirtualHost,
            UserName = rabbit.Username,
            Password = rabbit.Password,
            ClientProvidedName = clientName,
        }.CreateConnectionAsync(ct);
}
