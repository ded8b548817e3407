using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Webhooks;
using Cartoon.Tests.Shared.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// Stage events on the real databases, where PostgreSQL takes its own path (StageWriter: one UPDATE, no rows loaded)
/// and SQLite the general one: both must record each stage's time once (the earliest of a batch), make queued items and
/// their job processing with the worker's details, leave finished items' status alone, bump the job's revision, and —
/// for a job that subscribes to item.started — write that webhook once per item. The first time recorded wins.
/// </summary>
public sealed class StageEventTests() : JobStateDatabaseTests("stages")
{
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stages_record_their_first_time_move_queued_items_and_never_undo_an_outcome(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var jobId = Guid.CreateVersion7();
        await replica.Jobs.CreateAsync(TestManifests.Create(jobId, DateTimeOffset.UtcNow, 3), CancellationToken.None);
        var t0 = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        await replica.Updater.ApplyAsync(Completed(jobId, 2), CancellationToken.None);
        var revisionBefore = await RevisionAsync(replica, jobId);

        // One batch: fetching for items 0..2 twice (the first one recorded wins), decoding for item 0.
        await replica.Events.ApplyAsync(
        [
            .. JobEvent.From(Staged(ItemStages.Fetching, t0.AddSeconds(1), jobId, 0, 1, 2)),
            .. JobEvent.From(Staged(ItemStages.Fetching, t0, jobId, 0, 1, 2)),
            .. JobEvent.From(Staged(ItemStages.Decoding, t0.AddSeconds(2), jobId, 0)),
        ], CancellationToken.None);
        // A repeat changes nothing (on PostgreSQL not even the revision, so open event streams are not woken).
        var revisionAfter = await RevisionAsync(replica, jobId);
        await replica.Updater.ApplyAsync(Staged(ItemStages.Fetching, t0.AddSeconds(9), jobId, 0), CancellationToken.None);

        var job = (await replica.Jobs.GetAsync(jobId, CancellationToken.None))!;
        Assert.Equal(JobStatuses.Processing, job.Status);
        var fetched = t0.AddSeconds(1);
        Assert.Equal([new StageTime(ItemStages.Fetching, fetched), new StageTime(ItemStages.Decoding, t0.AddSeconds(2))], job.Item(0).Stages);
        Assert.Equal([new StageTime(ItemStages.Fetching, fetched)], job.Item(1).Stages);
        Assert.All(new[] { job.Item(0), job.Item(1) }, i =>
        {
            Assert.Equal(JobStatuses.Processing, i.Status);
            Assert.Equal(fetched, i.StartedAt);
            Assert.Equal((7, "cuda:0"), (i.BatchSize, i.Device));
        });
        var finished = job.Item(2);
        Assert.Equal(JobStatuses.Succeeded, finished.Status);
        Assert.Contains(new StageTime(ItemStages.Fetching, fetched), finished.Stages);
        Assert.Equal((4, "cpu"), (finished.BatchSize, finished.Device));
        Assert.True(revisionAfter > revisionBefore);
        if (provider == DatabaseProviders.Postgres) // SQLite's write lock is itself taken by bumping the revision, whatever the batch changes
        {
            Assert.Equal(revisionBefore + 1, revisionAfter);
            Assert.Equal(revisionAfter, await RevisionAsync(replica, jobId));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_job_subscribing_to_item_started_gets_one_webhook_per_item_whatever_the_batch(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var plain = Guid.CreateVersion7();
        var subscribed = Guid.CreateVersion7();
        await replica.Jobs.CreateAsync(TestManifests.Create(plain, DateTimeOffset.UtcNow, 2), CancellationToken.None);
        await replica.Jobs.CreateAsync(TestManifests.Create(subscribed, DateTimeOffset.UtcNow, 2) with
        {
            Webhook = new WebhookSubscription("https://example.com/hook", [WebhookEvents.ItemStarted]),
        }, CancellationToken.None);
        var at = DateTimeOffset.UtcNow;

        foreach (var stage in ItemStages.Running)
        {
            await replica.Events.ApplyAsync(
            [
                .. JobEvent.From(Staged(stage, at, plain, 0, 1)),
                .. JobEvent.From(Staged(stage, at, subscribed, 0, 1)),
            ], CancellationToken.None);
        }

        await using var ctx = replica.Db.Create();
        var started = await ctx.WebhookDeliveries.Where(w => w.JobId == subscribed && w.Event == WebhookEvents.ItemStarted).CountAsync();
        Assert.Equal(2, started);
        Assert.Equal(0, await ctx.WebhookDeliveries.CountAsync(w => w.JobId == plain));
        foreach (var id in new[] { plain, subscribed })
        {
            var job = (await replica.Jobs.GetAsync(id, CancellationToken.None))!;
            Assert.All([job.Item(0), job.Item(1)], i => Assert.Equal(ItemStages.Running, i.Stages.Select(s => s.Stage)));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stage_only_batches_racing_outcome_batches_over_shared_jobs_queue_instead_of_deadlocking(string provider)
    {
        const int jobs = 6, items = 16;
        var replicas = await StartReplicasAsync(provider, 3);
        var ids = new List<Guid>();
        for (var j = 0; j < jobs; j++)
        {
            ids.Add(Guid.CreateVersion7());
            await replicas[0].Jobs.CreateAsync(TestManifests.Create(ids[^1], DateTimeOffset.UtcNow, items), CancellationToken.None);
        }

        // Stage batches (PostgreSQL's short path) and outcome batches (the full path), each spanning several jobs in
        // a different order, all at once on three replicas: a deadlock would throw out of WhenAll.
        var batches = new List<IReadOnlyList<JobEvent>>();
        foreach (var stage in ItemStages.Running)
            for (var k = 0; k < 4; k++)
                batches.Add([.. ids.OrderBy(_ => Random.Shared.Next()).Take(4).SelectMany(id => JobEvent.From(Staged(stage, DateTimeOffset.UtcNow, id, [.. Enumerable.Range(0, items)])))]);
        for (var k = 0; k < 8; k++)
            batches.Add([.. ids.OrderBy(_ => Random.Shared.Next()).Take(4).SelectMany(id => Enumerable.Range(0, items).Select(i => JobEvent.From(Completed(id, i))))]);
        var shuffled = batches.OrderBy(_ => Random.Shared.Next()).ToList();
        await Task.WhenAll(shuffled.Select((b, n) => Task.Run(() => replicas[n % 3].Events.ApplyAsync(b, CancellationToken.None))));

        // Every item either finished or at least reached a stage; nothing went back.
        foreach (var id in ids)
        {
            var job = (await replicas[0].Jobs.GetAsync(id, CancellationToken.None))!;
            Assert.All(Enumerable.Range(0, items).Select(job.Item), i => Assert.NotEqual(JobStatuses.Queued, i.Status));
        }
    }

    private static async Task<long> RevisionAsync(JobStateReplica replica, Guid jobId)
    {
        await using var ctx = replica.Db.Create();
        return await ctx.Jobs.Where(j => j.Id == jobId).Select(j => j.Revision).SingleAsync();
    }

    private static ItemsStaged Staged(string stage, DateTimeOffset at, Guid jobId, params int[] indexes) => new()
    {
        Stage = stage, Items = [.. indexes.Select(i => new ItemRef(jobId, i))], Worker = "w", Device = "cuda:0", BatchSize = 7, At = at,
    };

    private static ItemCompleted Completed(Guid jobId, int index) => new()
    {
        EventId = StableIds.ForItem(jobId, index), JobId = jobId, ItemIndex = index, ResultKey = $"r/{index}.png", ContentType = "image/png",
        Width = 64, Height = 64, Faces = 0, BatchSize = 4, Device = "cpu", InferenceMs = 1, QueueWaitMs = 1,
        StartedAt = DateTimeOffset.UtcNow, CompletedAt = DateTimeOffset.UtcNow,
    };
}
