using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Webhooks;
using Cartoon.Tests.Shared.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// The group commit of webhook attempt outcomes, on the real databases: many outcomes recorded at once all land, each
/// on its own row with its own values and its lease released; an outcome whose lease another replica took is not
/// written and its caller is told so.
/// </summary>
public sealed class DeliveryRecorderTests() : JobStateDatabaseTests("recorder")
{
    private const int Deliveries = 40;
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outcomes_recorded_at_once_each_land_on_their_row_and_a_lost_lease_is_not_overwritten(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var now = DateTimeOffset.UtcNow;
        var jobId = Guid.CreateVersion7();
        await replica.Jobs.CreateAsync(TestManifests.Create(jobId, now, 1), CancellationToken.None);
        await using (var ctx = replica.Db.Create())
        {
            for (var i = 0; i < Deliveries; i++)
                ctx.WebhookDeliveries.Add(new WebhookDeliveryRow
                {
                    Id = $"msg_{i:D4}", JobId = jobId, TenantId = "default", Event = WebhookEvents.ItemCompleted, Url = "https://example.com/hook",
                    Payload = "{}", Status = DeliveryStatuses.Pending, CreatedAt = now, NextAttemptAt = now,
                });
            await ctx.SaveChangesAsync();
        }
        List<WebhookDeliveryRow> claimed;
        await using (var ctx = replica.Db.Create())
            claimed = await OutboxClaims.ClaimDeliveriesAsync(ctx, now, TimeSpan.FromMinutes(1), Deliveries, CancellationToken.None);
        Assert.Equal(Deliveries, claimed.Count);
        // Another replica took the last one over (its lease ran out here): this replica's outcome must not land on it.
        var stolen = claimed[^1].Id;
        await using (var ctx = replica.Db.Create())
            await ctx.WebhookDeliveries.Where(d => d.Id == stolen).ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, "other-replica"));

        // Even rows delivered, odd rows scheduled for a retry at a time of their own.
        DeliveryRecord Outcome(WebhookDeliveryRow row, int i) => i % 2 == 0
            ? new DeliveryRecord(row.Id, row.LeaseOwner!, DeliveryStatuses.Delivered, $"[{{\"number\":{i}}}]", null)
            : new DeliveryRecord(row.Id, row.LeaseOwner!, DeliveryStatuses.Pending, $"[{{\"number\":{i}}}]", now.AddMinutes(i));
        var ordered = claimed.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        await using var recorder = new DeliveryRecorder(replica.Db);
        var results = await Task.WhenAll(ordered.Select((row, i) => Task.Run(() => recorder.RecordAsync(Outcome(row, i), CancellationToken.None))));

        Assert.Equal(ordered.Select(r => r.Id != stolen), results);
        await using (var ctx = replica.Db.Create())
        {
            var rows = await ctx.WebhookDeliveries.AsNoTracking().ToListAsync();
            foreach (var (row, i) in ordered.Select((r, i) => (r, i)))
            {
                var stored = rows.Single(r => r.Id == row.Id);
                if (row.Id == stolen)
                {
                    Assert.Equal((DeliveryStatuses.Pending, "[]", "other-replica"), (stored.Status, stored.Attempts, stored.LeaseOwner));
                    continue;
                }
                var expected = Outcome(row, i);
                Assert.Equal((expected.Status, expected.Attempts), (stored.Status, stored.Attempts));
                Assert.Equal(expected.NextAttemptAt?.ToUnixTimeMilliseconds(), stored.NextAttemptAt?.ToUnixTimeMilliseconds());
                Assert.Null(stored.LeaseOwner);
                Assert.Null(stored.LeaseUntil);
            }
        }
    }
}
