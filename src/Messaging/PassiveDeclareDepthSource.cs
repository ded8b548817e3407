using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Cartoon.Messaging;

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
        _connection = await RabbitMqConnections.OpenAsync(rabbit, "cartoon-queue-depth", ct).ConfigureAwait(false);
        return _connection;
    }

    public void Dispose() => _connection?.Dispose();
}
