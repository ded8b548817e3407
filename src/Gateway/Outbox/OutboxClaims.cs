using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Outbox;

/// <summary>
/// Claims due outbox rows for one replica by writing a lease (a fresh owner token and an expiry) on them in one
/// statement. On PostgreSQL the candidates are picked FOR UPDATE SKIP LOCKED, so replicas polling together take
/// disjoint rows without waiting on each other; on SQLite (one process) the statement alone is atomic. A row whose
/// lease ran out (its replica died mid-attempt) is due again. On PostgreSQL the claim and the read are one round trip
/// (UPDATE … RETURNING).
/// </summary>
public static class OutboxClaims
{
    public static async Task<List<OutboxMessageRow>> ClaimMessagesAsync(CartoonDbContext ctx, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        var owner = NewOwner();
        var until = now + lease;
        if (ctx.Provider == DatabaseProviders.Postgres)
        {
            var rows = await ctx.OutboxMessages.FromSql($"""
                WITH due AS (
                    SELECT id FROM outbox_messages
                    WHERE available_at <= {now} AND (lease_until IS NULL OR lease_until < {now})
                    ORDER BY available_at LIMIT {limit} FOR UPDATE SKIP LOCKED)
                UPDATE outbox_messages AS m SET lease_owner = {owner}, lease_until = {until} FROM due WHERE m.id = due.id
                RETURNING m.*
                """).AsNoTracking().ToListAsync(ct);
            return [.. rows.OrderBy(m => m.AvailableAt)];
        }
        var due = ctx.OutboxMessages.Where(m => m.AvailableAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.AvailableAt).Take(limit).Select(m => m.Id);
        await ctx.OutboxMessages.Where(m => due.Contains(m.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, owner).SetProperty(m => m.LeaseUntil, until), ct);
        return await ctx.OutboxMessages.AsNoTracking().Where(m => m.LeaseOwner == owner).OrderBy(m => m.AvailableAt).ToListAsync(ct);
    }

    public static async Task<List<WebhookDeliveryRow>> ClaimDeliveriesAsync(CartoonDbContext ctx, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        var owner = NewOwner();
        var until = now + lease;
        const string pending = DeliveryStatuses.Pending;
        if (ctx.Provider == DatabaseProviders.Postgres)
            return await ctx.WebhookDeliveries.FromSql($"""
                WITH due AS (
                    SELECT id FROM webhook_deliveries
                    WHERE status = {pending} AND next_attempt_at <= {now} AND (lease_until IS NULL OR lease_until < {now})
                    ORDER BY next_attempt_at LIMIT {limit} FOR UPDATE SKIP LOCKED)
                UPDATE webhook_deliveries AS d SET lease_owner = {owner}, lease_until = {until} FROM due WHERE d.id = due.id
                RETURNING d.*
                """).AsNoTracking().ToListAsync(ct);
        var due = ctx.WebhookDeliveries
            .Where(d => d.Status == pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .OrderBy(d => d.NextAttemptAt).Take(limit).Select(d => d.Id);
        await ctx.WebhookDeliveries.Where(d => due.Contains(d.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, owner).SetProperty(d => d.LeaseUntil, until), ct);
        return await ctx.WebhookDeliveries.AsNoTracking().Where(d => d.LeaseOwner == owner).ToListAsync(ct);
    }

    private static string NewOwner() => Guid.NewGuid().ToString("N");
}
