using System.Collections.Concurrent;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Storage;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// Finds due deliveries by listing the pending pointers in the store (so deliveries survive a restart) and runs
/// them, a bounded number at a time, never the same delivery twice at once in this process. Several gateway replicas
/// may both attempt a delivery; receivers dedupe on webhook-id, which is what the id is for.
/// </summary>
public sealed class WebhookSweeper(
    IBlobStore store,
    WebhookDispatcher dispatcher,
    WebhookSignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSweeper> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private SemaphoreSlim? _slots;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _slots = new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrentDeliveries));
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.SweepInterval;
            try
            {
                var nextDue = await SweepAsync(stoppingToken);
                if (nextDue is { } due && due - clock.GetUtcNow() < wait)
                    wait = due - clock.GetUtcNow();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Store unavailable and the like: keep the deliveries, try again at the next sweep.
                logger.LogWarning(ex, "Webhook sweep failed");
            }
            await signal.WaitAsync(wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait, stoppingToken);
        }
        await Task.WhenAll(_inFlight.Values).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Starts every due delivery; returns when the earliest not-yet-due one is due.</summary>
    private async Task<DateTimeOffset?> SweepAsync(CancellationToken ct)
    {
        DateTimeOffset? nextDue = null;
        await foreach (var item in store.ListAsync(GatewayObjectKeys.PendingWebhooksPrefix, ct))
        {
            var pending = await store.GetAsync<PendingWebhook>(item.Key, ct);
            if (pending is null || _inFlight.ContainsKey(pending.DeliveryId))
                continue;
            if (pending.NextAttemptAt > clock.GetUtcNow())
            {
                nextDue = nextDue is null || pending.NextAttemptAt < nextDue ? pending.NextAttemptAt : nextDue;
                continue;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight.TryAdd(pending.DeliveryId, done.Task))
                _ = RunAsync(pending, done, ct);
        }
        return nextDue;
    }

    private async Task RunAsync(PendingWebhook pending, TaskCompletionSource done, CancellationToken ct)
    {
        var acquired = false;
        try
        {
            await Task.Yield();
            await _slots!.WaitAsync(ct);
            acquired = true;
            await dispatcher.DispatchAsync(pending, ct);
            // Its next attempt may be due before the next sweep.
            signal.Notify();
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // No wake-up here: a store outage would otherwise spin; the regular sweep retries it.
            logger.LogWarning(ex, "Webhook {DeliveryId} could not be processed; it stays pending", pending.DeliveryId);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (acquired)
                _slots!.Release();
            _inFlight.TryRemove(pending.DeliveryId, out _);
            done.TrySetResult();
        }
    }
}
