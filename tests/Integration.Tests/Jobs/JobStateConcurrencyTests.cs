using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Webhooks;
using Cartoon.Tests.Shared.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// The job-state transitions under concurrency, on the real databases: three "replicas" (own connection pools) apply
/// every event of the same jobs at once, each event twice (a redelivery), while a cancel races them. Whatever the
/// interleaving: each job completes exactly once (one JobCompleted in the outbox, one "completed" delivery), counters
/// add up, no item outcome is overwritten, and the item events' webhooks are one per item.
/// </summary>
public sealed class JobStateConcurrencyTests() : JobStateDatabaseTests("state")
{
    private const int Jobs = 6;
    private const int Items = 24;
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Replicas_applying_the_same_events_at_once_complete_each_job_exactly_once(string provider)
    {
        var replicas = await StartReplicasAsync(provider, 3);
        var jobIds = await CreateJobsAsync(replicas[0], Jobs);

        // Every item's outcome, twice, spread over the replicas, all at once; the last job is also canceled midway.
        var work = new List<Func<Task>>();
        foreach (var (jobId, j) in jobIds.Select((id, j) => (id, j)))
            for (var i = 0; i < Items; i++)
            {
                var e = Completed(jobId, i);
                work.Add(() => replicas[(i + j) % 3].Updater.ApplyAsync(e, CancellationToken.None));
                work.Add(() => replicas[(i + j + 1) % 3].Updater.ApplyAsync(e, CancellationToken.None));
            }
        var canceled = jobIds[^1];
        work.Insert(work.Count / 2, () => replicas[2].Updater.CancelAsync(canceled, CancellationToken.None));
        await Task.WhenAll(work.Select(w => Task.Run(w)));

        await using var ctx = replicas[0].Db.Create();
        foreach (var jobId in jobIds)
        {
            var job = await ctx.Jobs.AsNoTracking().Include(x => x.Items).SingleAsync(x => x.Id == jobId);
            Assert.NotNull(job.CompletedAt);
            Assert.Equal(0, job.Remaining);
            Assert.Equal(Items, job.Succeeded + job.Canceled + job.Failed);
            Assert.Equal(job.Items.Count(i => i.Status == JobStatuses.Succeeded), job.Succeeded);
            Assert.Equal(job.Items.Count(i => i.Status == JobStatuses.Canceled), job.Canceled);
            Assert.All(job.Items, i => Assert.True(JobStatuses.IsTerminal(i.Status)));
            // The cancel either found the job running (canceled, the rest of its items with it) or already done.
            Assert.Equal(job.CanceledAt is not null ? JobStatuses.Canceled : JobStatuses.Succeeded, job.Status);
            Assert.True(jobId == canceled || job.CanceledAt is null);

            var completions = await ctx.OutboxMessages.CountAsync(m => m.Id == StableIds.ForJobCompleted(jobId));
            Assert.Equal(1, completions);
            var deliveries = await ctx.WebhookDeliveries.Where(d => d.JobId == jobId).ToListAsync();
            Assert.Single(deliveries, d => d.Event == WebhookEvents.Completed);
            // One item.completed per item that succeeded (a canceled item has none), never two.
            Assert.Equal(job.Succeeded, deliveries.Count(d => d.Event == WebhookEvents.ItemCompleted));
            Assert.Equal(deliveries.Count, deliveries.Select(d => d.Id).Distinct().Count());
        }
        Assert.Equal(Jobs, await ctx.OutboxMessages.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Batches_spanning_several_jobs_applied_by_replicas_at_once_complete_each_job_exactly_once(string provider)
    {
        var replicas = await StartReplicasAsync(provider, 3);
        var jobIds = await CreateJobsAsync(replicas[0], Jobs);

        // What the bus hands the gateways: batches mixing jobs, stages after or beside the outcomes, the same
        // outcome twice in one batch and again in another, an event for a job that does not exist. Batches share jobs,
        // so two replicas lock overlapping sets of rows at once: they must queue, not deadlock.
        var events = new List<JobEvent>();
        foreach (var jobId in jobIds)
            for (var i = 0; i < Items; i++)
            {
                events.Add(JobEvent.From(Completed(jobId, i)));
                events.Add(JobEvent.From(Completed(jobId, i)));
                events.AddRange(ItemStages.Running.SelectMany(stage => JobEvent.From(Staged(stage, new ItemRef(jobId, i)))));
            }
        events.Add(JobEvent.From(Completed(Guid.NewGuid(), 0)));
        var shuffled = events.OrderBy(_ => Random.Shared.Next()).ToList();
        var batches = shuffled.Chunk(40).Concat(events.Chunk(25)).ToList(); // every event at least twice, in other company
        await Task.WhenAll(batches.Select((b, n) => Task.Run(() => replicas[n % 3].Events.ApplyAsync(b, CancellationToken.None))));

        await using var ctx = replicas[0].Db.Create();
        foreach (var jobId in jobIds)
        {
            var job = await ctx.Jobs.AsNoTracking().Include(x => x.Items).SingleAsync(x => x.Id == jobId);
            Assert.NotNull(job.CompletedAt);
            Assert.Equal(JobStatuses.Succeeded, job.Status);
            Assert.Equal((Items, 0, 0, 0), (job.Succeeded, job.Failed, job.Canceled, job.Remaining));
            Assert.All(job.Items, i => Assert.Equal(JobStatuses.Succeeded, i.Status));
            Assert.Equal(1, await ctx.OutboxMessages.CountAsync(m => m.Id == StableIds.ForJobCompleted(jobId)));
            var deliveries = await ctx.WebhookDeliveries.Where(d => d.JobId == jobId).ToListAsync();
            Assert.Single(deliveries, d => d.Event == WebhookEvents.Completed);
            Assert.Equal(Items, deliveries.Count(d => d.Event == WebhookEvents.ItemCompleted));
        }
        Assert.Equal(Jobs, await ctx.OutboxMessages.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_late_or_repeated_event_never_moves_an_item_back(string provider)
    {
        var replicas = await StartReplicasAsync(provider, 1);
        var replica = replicas[0];
        var jobId = (await CreateJobsAsync(replica, 1))[0];
        var updater = replica.Updater;

        await updater.ApplyAsync(Completed(jobId, 0), CancellationToken.None);
        // A stage after the outcome (out of order), a failure after the success, then the success again.
        await updater.ApplyAsync(Staged(ItemStages.Inferring, new ItemRef(jobId, 0), new ItemRef(jobId, 1)), CancellationToken.None);
        await updater.ApplyAsync(new ItemFailed
        {
            EventId = Guid.NewGuid(), JobId = jobId, ItemIndex = 0, Reason = "invalid_image", Message = "late", BatchSize = 1, Device = "cpu",
            StartedAt = DateTimeOffset.UtcNow, CompletedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        await updater.ApplyAsync(Completed(jobId, 0), CancellationToken.None);

        var job = (await replica.Jobs.GetAsync(jobId, CancellationToken.None))!;
        Assert.Equal(JobStatuses.Succeeded, job.Item(0).Status);
        Assert.Equal(JobStatuses.Processing, job.Item(1).Status);
        Assert.Equal(JobStatuses.Queued, job.Item(2).Status);
        Assert.Equal(JobStatuses.Processing, job.Status);
        await using var ctx = replica.Db.Create();
        var row = await ctx.Jobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal((1, 0, Items - 1), (row.Succeeded, row.Failed, row.Remaining));
    }

    private static async Task<List<Guid>> CreateJobsAsync(JobStateReplica replica, int count)
    {
        var ids = new List<Guid>();
        for (var j = 0; j < count; j++)
        {
            var id = Guid.CreateVersion7();
            var manifest = TestManifests.Create(id, DateTimeOffset.UtcNow, Items) with
            {
                Webhook = new WebhookSubscription("https://example.com/hook", [WebhookEvents.Completed, WebhookEvents.ItemCompleted]),
            };
            await replica.Jobs.CreateAsync(manifest, CancellationToken.None);
            ids.Add(id);
        }
        return ids;
    }

    private static ItemsStaged Staged(string stage, params ItemRef[] items) =>
        new() { Stage = stage, Items = items, Worker = "w", Device = "cpu", BatchSize = 4, At = DateTimeOffset.UtcNow };

    private static ItemCompleted Completed(Guid jobId, int index) => new()
    {
        EventId = StableIds.ForItem(jobId, index),
        JobId = jobId,
        ItemIndex = index,
        ResultKey = JobObjectKeys.Result(jobId, index, "png"),
        ContentType = "image/png",
        Width = 64,
        Height = 64,
        Faces = 0,
        BatchSize = 4,
        Device = "cpu",
        InferenceMs = 12.5,
        QueueWaitMs = 3,
        StartedAt = DateTimeOffset.UtcNow,
        CompletedAt = DateTimeOffset.UtcNow,
    };
}
