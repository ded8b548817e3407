using MassTransit;

namespace Cartoon.Bench;

/// <summary>The bench playing the workers: a started bus on a stack's broker that publishes their events.</summary>
internal static class PublisherBus
{
    public static async Task<IBusControl> StartAsync(DeploymentStack stack)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(stack.BrokerUri, h =>
        {
            h.Username(stack.Services.RabbitMqUserName);
            h.Password(stack.Services.RabbitMqPassword);
        }));
        await bus.StartAsync();
        return bus;
    }
}
