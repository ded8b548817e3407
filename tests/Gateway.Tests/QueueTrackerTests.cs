using Cartoon.Gateway.Jobs;
using Cartoon.Tests.Shared.Jobs;

namespace Cartoon.Gateway.Tests;

/// <summary>The gateway's queue estimate: items ahead by submit time, whichever job is asked about and in whatever order they were seen.</summary>
public sealed class QueueTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Items_ahead_count_every_older_unfinished_item_for_the_newest_job_and_for_one_in_the_middle()
    {
        var tracker = new QueueTracker();
        var a = Job(T0, 3);
        var b = Job(T0.AddSeconds(1), 2);
        var c = Job(T0.AddSeconds(2), 4);
        foreach (var job in new[] { a, b, c })
            tracker.Observe(job);

        Assert.Equal(new QueueEstimate(5, 4, null), tracker.Estimate(c.JobId)); // the newest: 3 + 2 ahead
        Assert.Equal(new QueueEstimate(3, 2, null), tracker.Estimate(b.JobId));
        Assert.Equal(new QueueEstimate(0, 3, null), tracker.Estimate(a.JobId));

        // a finishes one item, then b finishes: c has 2 ahead, then none of b's.
        tracker.Observe(a.WithItem(Done(0)));
        Assert.Equal(4, tracker.Estimate(c.JobId)!.ItemsAhead);
        tracker.Observe(b.WithItem(Done(0)).WithItem(Done(1)));
        Assert.Null(tracker.Estimate(b.JobId));
        Assert.Equal(2, tracker.Estimate(c.JobId)!.ItemsAhead);
    }

    [Fact]
    public void A_job_seen_late_but_submitted_earlier_is_ahead_and_the_newest_is_found_again_when_it_leaves()
    {
        var tracker = new QueueTracker();
        var newest = Job(T0.AddSeconds(10), 1);
        var middle = Job(T0.AddSeconds(5), 2);
        var oldest = Job(T0, 4);
        tracker.Observe(newest);
        tracker.Observe(oldest); // loaded after a restart, say: older than what was already tracked
        tracker.Observe(middle);

        Assert.Equal(6, tracker.Estimate(newest.JobId)!.ItemsAhead);
        Assert.Equal(4, tracker.Estimate(middle.JobId)!.ItemsAhead);

        tracker.Observe(newest.WithItem(Done(0)));
        Assert.Null(tracker.Estimate(newest.JobId));
        Assert.Equal(new QueueEstimate(4, 2, null), tracker.Estimate(middle.JobId)); // now the newest
    }

    [Fact]
    public void The_wait_is_the_items_up_to_and_including_the_job_times_the_average_item_time()
    {
        var tracker = new QueueTracker();
        var a = Job(T0, 2);
        var b = Job(T0.AddSeconds(1), 1);
        tracker.Observe(a);
        tracker.Observe(b);
        tracker.RecordItemTime(1000);
        Assert.Equal(3.0, tracker.Estimate(b.JobId)!.EstimatedWaitSeconds);
    }

    private static ItemRecord Done(int index) => new() { Index = index, Status = JobStatuses.Succeeded, UpdatedAt = T0 };

    private static JobSnapshot Job(DateTimeOffset submittedAt, int items) =>
        new(TestManifests.Create(Guid.NewGuid(), submittedAt, items), JobState.Empty, new Dictionary<int, ItemRecord>(), [], submittedAt);
}
