using MassTransit;

namespace Cartoon.Messaging;

/// <summary>
/// Command queues a host consumes under their own names (the worker's tier queues and its video queue), configured
/// before ConfigureEndpoints gives the host's other consumers their kebab-case queues. Registered in DI by the host
/// that consumes them (AddCartoonWorker); <see cref="MessagingServiceCollectionExtensions.AddCartoonBus"/> configures
/// every one it finds, so the bus set-up needs no worker type.
/// </summary>
public interface ICommandEndpoints
{
    void Configure(IBusRegistrationContext context, IReceiveConfigurator bus);
}
