using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Webhooks;
using Cartoon.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Outbox;

/// <summary>
/// Runs on every replica: claims due outbox rows (<see cref="OutboxClaims"/>), publishes the bus messages and
/// attempts the webhook deliveries, a bounded number at a time. Replicas share the work without doing any row twice
/// at once; a replica that dies mid-row leaves it to another when its lease runs out. A message is deleted only after
/// the broker confirmed it, so a crash in between publishes it again with the same EventId (consumers dedupe on it).
/// Commands (<see cref="BusOutbox.VideoCommands"/>: MuxVideo) are sent to their queue instead of published.
/// </summary>
public sealed class OutboxDispatcher(
    CartoonDb db,
    IBus bus,
    TierSendAddresses addresses,
    WebhookDispatcher webhooks,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    IOptions<WebhookOptions> webhookOptions,
    GatewayMetrics metrics,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    private readonly List<Task> _deliveries = [];
    private SemaphoreSlim? _slots;
    private DateTimeOffset _lastReading = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = _slots = new SemaphoreSlim(Math.Max(1, webhookOptions.Value.MaxConcurrentDeliveries));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishDueAsync(stoppingToken);
                await StartDueDeliveriesAsync(slots, stoppingToken);
                await ObserveAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Database or broker unavailable: the rows stay, the next round tries again.
                logger.LogWarning(ex, "Outbox round failed; retrying at the next poll");
            }
            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
        Task[] running;
        lock (_deliveries)
            running = [.. _deliveries];
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task PublishDueAsync(CancellationToken ct)
    {
        while (true)
        {
            List<OutboxMessageRow> claimed;
            await using (var ctx = db.Create())
                claimed = await OutboxClaims.ClaimMessagesAsync(ctx, clock.GetUtcNow(), options.Value.BusLease, options.Value.BatchSize, ct);
            if (claimed.Count == 0)
                return;
            // The claimed batch goes out together (the broker confirms the publishes concurrently) and the confirmed rows
            // leave the outbox in one statement: a round trip per batch, not two per message.
            var published = await Task.WhenAll(claimed.Select(row => PublishAsync(row, ct)));
            var done = claimed.Where((_, i) => published[i]).Select(row => row.Id).ToArray();
            if (done.Length > 0)
            {
                var owner = claimed[0].LeaseOwner;
                await using var ctx = db.Create();
                await ctx.OutboxMessages.Where(m => done.Contains(m.Id) && m.LeaseOwner == owner).ExecuteDeleteAsync(ct);
            }
            if (claimed.Count < options.Value.BatchSize)
                return;
        }
    }

    /// <summary>Publishes one claimed message; false (and the row backed off) when the broker did not take it.</summary>
    private async Task<bool> PublishAsync(OutboxMessageRow row, CancellationToken ct)
    {
        try
        {
            var message = BusOutbox.Deserialize(row);
            if (BusOutbox.VideoCommands.Contains(row.MessageType))
            {
                var endpoint = await bus.GetSendEndpoint(addresses.Video);
                await endpoint.Send(message, message.GetType(), ct);
            }
            else
                await bus.Publish(message, message.GetType(), ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var attempts = row.Attempts + 1;
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(attempts, 10))));
            var error = $"{ex.GetType().Name}: {ex.Message}";
            logger.LogWarning(ex, "Outbox message {Id} ({Type}) not published (attempt {Attempt}); next try in {Backoff}", row.Id, row.MessageType, attempts, backoff);
            var availableAt = clock.GetUtcNow() + backoff;
            await using var ctx = db.Create();
            await ctx.OutboxMessages.Where(m => m.Id == row.Id && m.LeaseOwner == row.LeaseOwner).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, error.Length > 2000 ? error[..2000] : error)
                .SetProperty(m => m.AvailableAt, availableAt)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            return false;
        }
    }

    private async Task StartDueDeliveriesAsync(SemaphoreSlim slots, CancellationToken ct)
    {
        var free = slots.CurrentCount;
        if (free == 0)
            return;
        List<WebhookDeliveryRow> claimed;
        HashSet<Guid> off;
        await using (var ctx = db.Create())
        {
            claimed = await OutboxClaims.ClaimDeliveriesAsync(ctx, clock.GetUtcNow(), webhookOptions.Value.Timeout + options.Value.WebhookLeaseMargin, free, ct);
            if (claimed.Count == 0)
                return;
            // Whose webhook was switched off (410 Gone) or whose job was deleted since the rows were written: one query for the batch.
            var jobIds = claimed.Select(d => d.JobId).Distinct().ToArray();
            off = [.. await ctx.Jobs.Where(j => jobIds.Contains(j.Id) && (j.WebhookDisabledAt != null || j.DeletedAt != null)).Select(j => j.Id).ToListAsync(ct)];
        }
        foreach (var delivery in claimed)
        {
            await slots.WaitAsync(ct);
            var task = RunDeliveryAsync(delivery, off.Contains(delivery.JobId), slots, ct);
            lock (_deliveries)
                _deliveries.Add(task);
        }
    }

    private async Task RunDeliveryAsync(WebhookDeliveryRow delivery, bool webhookOff, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            await webhooks.DispatchAsync(delivery, webhookOff, ct);
            // Its next attempt may be due before the next poll.
            signal.Notify();
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // No wake-up here: an outage would otherwise spin; the lease runs out and a later round retries it.
            logger.LogWarning(ex, "Webhook {DeliveryId} could not be processed; it stays pending", delivery.Id);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            slots.Release();
            lock (_deliveries)
                _deliveries.RemoveAll(t => t.IsCompleted);
        }
    }

    private async Task ObserveAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _lastReading < options.Value.MetricsInterval)
            return;
        _lastReading = now;
        await using var ctx = db.Create();
        const string pending = DeliveryStatuses.Pending;
        // Age counts from when a row became due, not from its creation: a delivery scheduled hours ahead (a receiver
        // that keeps failing) is not stuck, a due row nobody takes is.
        var busCount = await ctx.OutboxMessages.LongCountAsync(ct);
        var busOldest = await ctx.OutboxMessages.Where(m => m.AvailableAt <= now).OrderBy(m => m.AvailableAt)
            .Select(m => (DateTimeOffset?)m.AvailableAt).FirstOrDefaultAsync(ct);
        var hookCount = await ctx.WebhookDeliveries.LongCountAsync(d => d.Status == pending, ct);
        var hookOldest = await ctx.WebhookDeliveries.Where(d => d.Status == pending && d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt)
            .Select(d => d.NextAttemptAt).FirstOrDefaultAsync(ct);
        metrics.OutboxObserved(new OutboxDepth(
            new OutboxDepth.Kind(busCount, busOldest is { } b ? Math.Max(0, (now - b).TotalSeconds) : 0),
            new OutboxDepth.Kind(hookCount, hookOldest is { } h ? Math.Max(0, (now - h).TotalSeconds) : 0)));
    }
}
