using Cartoon.Worker.Consumers;
using Cartoon.Storage;
using MassTransit;
using RabbitMQ.Client.Exceptions;

namespace Cartoon.Worker.Tests;

/// <summary>Which faults make a group run again (in-memory retry) instead of faulting its items.</summary>
public class TransientFaultTests
{
    [Fact]
    public void A_broker_gone_while_the_group_publishes_is_transient_so_the_group_is_retried_not_faulted()
    {
        Assert.True(CartoonizeBatchConsumerDefinition.IsTransient(new AlreadyClosedException(new RabbitMQ.Client.Events.ShutdownEventArgs(RabbitMQ.Client.ShutdownInitiator.Peer, 320, "CONNECTION_FORCED - broker shutdown"))));
        Assert.True(CartoonizeBatchConsumerDefinition.IsTransient(new ConnectionException("broker connection lost")));
        Assert.True(CartoonizeBatchConsumerDefinition.IsTransient(new TransportException(new Uri("rabbitmq://localhost/q"), "channel closed")));
        Assert.True(CartoonizeBatchConsumerDefinition.IsTransient(new AggregateException(new ConnectionException("lost"))));
    }

    [Fact]
    public void A_group_past_its_consume_timeout_is_transient_so_a_cold_shape_cannot_fail_its_items()
    {
        Assert.True(CartoonizeBatchConsumerDefinition.IsTransient(new GroupTimeoutException(TimeSpan.FromSeconds(250), 16)));
    }

    [Fact]
    public void Storage_and_network_faults_are_transient_and_item_or_engine_faults_are_not()
    {
        Assert.True(CartoonizeBatchConsumerDefinition.IsTransient(new StorageUnavailableException("down")));
        Assert.True(CartoonizeBatchConsumerDefinition.IsTransient(new HttpRequestException("refused")));
        Assert.False(CartoonizeBatchConsumerDefinition.IsTransient(new InvalidOperationException("The engine failed on every item of a group of 4.")));
        Assert.False(CartoonizeBatchConsumerDefinition.IsTransient(new ArgumentException("bad item")));
    }
}
