using Cartoon.Contracts;
using MassTransit;

namespace Cartoon.Gateway.Tests;

/// <summary>Subscribes a temporary queue to JobCompleted (a bus-endpoint handler would not be bound to the publish topology).</summary>
public sealed class JobCompletedProbe : IAsyncDisposable
{
    private readonly HostReceiveEndpointHandle _handle;
    private readonly List<JobCompleted> _received = [];

    private JobCompletedProbe(IBus bus) =>
        _handle = bus.ConnectReceiveEndpoint($"test-job-completed-{Guid.NewGuid():N}", e => e.Handler<JobCompleted>(ctx =>
        {
            lock (_received)
                _received.Add(ctx.Message);
            return Task.CompletedTask;
        }));

    public static async Task<JobCompletedProbe> StartAsync(IBus bus)
    {
        var probe = new JobCompletedProbe(bus);
        await probe._handle.Ready;
        return probe;
    }

    public IReadOnlyList<JobCompleted> For(Guid jobId)
    {
        lock (_received)
            return _received.Where(c => c.JobId == jobId).ToList();
    }

    public async ValueTask DisposeAsync() => await _handle.StopAsync();
}
