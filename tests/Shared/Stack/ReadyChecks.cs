using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.Tests.Shared.Stack;

/// <summary>
/// The readiness wait of a host started in process (a gateway behind WebApplicationFactory, a worker host): the
/// checks /health/ready runs, asked directly, as <see cref="AppProcess.WaitUntilReadyAsync"/> asks a process over HTTP.
/// </summary>
public static class ReadyChecks
{
    /// <summary>Polls every check tagged "ready" every 200 ms until all are healthy; the timeout names those that are not.</summary>
    public static async Task WaitAsync(IServiceProvider services, TimeSpan timeout, string what)
    {
        var health = services.GetRequiredService<HealthCheckService>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
            if (report.Status == HealthStatus.Healthy)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what}: " + string.Join("; ", report.Entries.Select(e => $"{e.Key}={e.Value.Status} {e.Value.Description}")));
            await Task.Delay(200);
        }
    }
}
