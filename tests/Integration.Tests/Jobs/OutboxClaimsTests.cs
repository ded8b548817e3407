using System.Collections.Concurrent;
using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Webhooks;
using Cartoon.Tests.Shared.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// How replicas share the outbox, on the real databases: three replicas (own connection pools) claiming at once take
/// disjoint rows whose union is every due row; a row leased by a live replica is not taken, one whose lease ran out
/// is; a row not yet due waits. The claim returns the rows as stored (one round trip on PostgreSQL: UPDATE … RETURNING).
/// </summary>
public sealed class OutboxClaimsTests() : JobStateDatabaseTests("outbox")
{
    private const int Rows = 60;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Replicas_claiming_at_once_take_every_due_message_exactly_once(string provider)
    {
        var replicas = await StartReplicasAsync(provider, 3);
        var now = DateTimeOffset.UtcNow;
        var ids = await AddMessagesAsync(replicas[0], now);

        var claimed = new ConcurrentBag<OutboxMessageRow>();
        await Task.WhenAll(replicas.Select(replica => Task.Run(async () =>
        {
            while (true)
            {
                await using var ctx = replica.Db.Create();
                var rows = await OutboxClaims.ClaimMessagesAsync(ctx, now, Lease, limit: 7, CancellationToken.None);
                if (rows.Count == 0)
                    return;
                Assert.InRange(rows.Count, 1, 7);
                Assert.Single(rows.Select(r => r.LeaseOwner).Distinct());
                Assert.Equal(rows.OrderBy(r => r.AvailableAt).Select(r => r.Id), rows.Select(r => r.Id));
                foreach (var row in rows)
                    claimed.Add(row);
            }
        })));

        Assert.Equal(ids.Order(), claimed.Select(r => r.Id).Order());
        // The rows come back as stored, with this claim's lease on them.
        Assert.All(claimed, r =>
        {
            Assert.Equal("JobCompleted", r.MessageType);
            Assert.Equal($"{{\"n\":{ids.IndexOf(r.Id)}}}", r.Payload);
            Assert.NotNull(r.LeaseOwner);
            Assert.Equal((now + Lease).ToUnixTimeMilliseconds(), r.LeaseUntil!.Value.ToUnixTimeMilliseconds());
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_live_lease_or_a_later_due_time_keeps_a_message_and_an_expired_lease_frees_it(string provider)
    {
        var replicas = await StartReplicasAsync(provider, 3);
        var now = DateTimeOffset.UtcNow;
        var ids = await AddMessagesAsync(replicas[0], now);
        await using (var ctx = replicas[0].Db.Create())
        {
            // One row not due for an hour (a publish that failed and backs off).
            await ctx.OutboxMessages.Where(m => m.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(m => m.AvailableAt, now.AddHours(1)));
        }

        List<OutboxMessageRow> first, second, afterLease;
        await using (var ctx = replicas[0].Db.Create())
            first = await OutboxClaims.ClaimMessagesAsync(ctx, now, Lease, Rows, CancellationToken.None);
        await using (var ctx = replicas[1].Db.Create())
            second = await OutboxClaims.ClaimMessagesAsync(ctx, now.AddSeconds(30), Lease, Rows, CancellationToken.None);
        await using (var ctx = replicas[2].Db.Create())
            afterLease = await OutboxClaims.ClaimMessagesAsync(ctx, now + Lease + TimeSpan.FromSeconds(1), Lease, Rows, CancellationToken.None);

        Assert.Equal(ids.Skip(1).Order(), first.Select(r => r.Id).Order());
        Assert.Empty(second); // the first replica's lease still holds
        // The first replica "died": its lease ran out and the rows are due again, for another owner.
        Assert.Equal(ids.Skip(1).Order(), afterLease.Select(r => r.Id).Order());
        Assert.DoesNotContain(afterLease, r => r.LeaseOwner == first[0].LeaseOwner);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Replicas_claiming_deliveries_at_once_take_each_pending_due_delivery_exactly_once(string provider)
    {
        var replicas = await StartReplicasAsync(provider, 3);
        var now = DateTimeOffset.UtcNow;
        var jobId = Guid.CreateVersion7();
        await replicas[0].Jobs.CreateAsync(TestManifests.Create(jobId, now, 1), CancellationToken.None);
        var due = new List<string>();
        await using (var ctx = replicas[0].Db.Create())
        {
            for (var i = 0; i < Rows; i++)
            {
                // Every fourth one is already delivered and every fifth one not due yet: neither may be claimed.
                var status = i % 4 == 0 ? DeliveryStatuses.Delivered : DeliveryStatuses.Pending;
                var next = i % 5 == 0 ? now.AddHours(1) : now.AddSeconds(-i);
                var id = WebhookOutbox.DeliveryId(Guid.NewGuid());
                ctx.WebhookDeliveries.Add(new WebhookDeliveryRow
                {
                    Id = id, JobId = jobId, TenantId = "default", Event = WebhookEvents.ItemCompleted, Url = "https://example.com/hook",
                    Payload = "{}", Status = status, CreatedAt = now, NextAttemptAt = next,
                });
                if (status == DeliveryStatuses.Pending && next <= now)
                    due.Add(id);
            }
            await ctx.SaveChangesAsync();
        }

        var claimed = new ConcurrentBag<WebhookDeliveryRow>();
        await Task.WhenAll(replicas.Select(replica => Task.Run(async () =>
        {
            while (true)
            {
                await using var ctx = replica.Db.Create();
                var rows = await OutboxClaims.ClaimDeliveriesAsync(ctx, now, Lease, limit: 5, CancellationToken.None);
                if (rows.Count == 0)
                    return;
                Assert.InRange(rows.Count, 1, 5);
                foreach (var row in rows)
                    claimed.Add(row);
            }
        })));

        Assert.Equal(due.Order(StringComparer.Ordinal), claimed.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(claimed, r => Assert.Equal((jobId, DeliveryStatuses.Pending, "https://example.com/hook"), (r.JobId, r.Status, r.Url)));
    }

    /// <summary><see cref="Rows"/> due messages, each a second older than the next; returns their ids in that order.</summary>
    private static async Task<List<Guid>> AddMessagesAsync(JobStateReplica replica, DateTimeOffset now)
    {
        var ids = Enumerable.Range(0, Rows).Select(_ => Guid.NewGuid()).ToList();
        await using var ctx = replica.Db.Create();
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
            ctx.OutboxMessages.Add(new OutboxMessageRow
            {
                Id = id, MessageType = "JobCompleted", Payload = $"{{\"n\":{n}}}", CreatedAt = now, AvailableAt = now.AddSeconds(n - Rows),
            });
        await ctx.SaveChangesAsync();
        return ids;
    }
}
