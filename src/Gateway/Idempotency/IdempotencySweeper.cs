using Cartoon.Gateway.Options;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Idempotency;

/// <summary>Prunes idempotency records older than the retention (24 h by default), like Stripe prunes keys.</summary>
public sealed class IdempotencySweeper(IdempotencyService service, IOptions<IdempotencyOptions> options, ILogger<IdempotencySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        do
        {
            try
            {
                var removed = await service.SweepAsync(stoppingToken);
                if (removed > 0)
                    logger.LogInformation("Removed {Count} expired idempotency keys", removed);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Idempotency sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
