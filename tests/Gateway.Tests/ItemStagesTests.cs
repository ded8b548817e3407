using System.Net;
using System.Net.Http.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// ItemsStaged from a worker: unfinished items record each stage with its time (the first makes them processing), the
/// job view shows the stage and the timeline, and a late or repeated stage never undoes an outcome.
/// </summary>
public sealed class ItemStagesTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<JobView> SubmitAsync(int images, params (string Name, string Value)[] fields) => _app.SubmitPngsAsync(images, fields);

    [Fact]
    public async Task The_first_stage_makes_items_processing_with_their_worker_details_and_the_job_processing()
    {
        var job = await SubmitAsync(3);
        Assert.All(job.Items, i => Assert.Equal(ItemStages.Queued, i.Stage));
        var fetching = Events.Staged(job.Id, ItemStages.Fetching, [0, 1]);
        await _app.Bus.Publish(fetching);

        var view = await _app.WaitForAsync(job.Id, j => j.Progress.Processing == 2);
        Assert.Equal(JobStatuses.Processing, view.Status);
        Assert.Equal([JobStatuses.Processing, JobStatuses.Processing, JobStatuses.Queued], view.Items.Select(i => i.Status));
        Assert.Equal([ItemStages.Fetching, ItemStages.Fetching, ItemStages.Queued], view.Items.Select(i => i.Stage));
        Assert.Equal(0, view.Progress.Done);
        Assert.All(view.Items.Take(2), i =>
        {
            Assert.Equal("cpu", i.Device);
            Assert.Equal(2, i.BatchSize);
            Assert.Equal(fetching.At, i.StartedAt);
            Assert.Equal([new StageTime(ItemStages.Queued, view.Timings.SubmittedAt), new StageTime(ItemStages.Fetching, fetching.At)], i.Stages);
            Assert.Null(i.Result);
        });
        Assert.Equal([new StageTime(ItemStages.Queued, view.Timings.SubmittedAt)], view.Items[2].Stages);
        Assert.Equal(fetching.At, view.Timings.StartedAt);

        using var client = _app.CreateClient();
        using var early = await client.GetAsync($"/v1/jobs/{job.Id}/items/0/result");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
    }

    [Fact]
    public async Task Every_stage_is_kept_with_its_time_and_the_outcome_closes_the_timeline()
    {
        var job = await SubmitAsync(1);
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-5);
        var times = ItemStages.Running.Select((stage, k) => new StageTime(stage, t0.AddMilliseconds(100 * k))).ToList();
        foreach (var (stage, at) in times)
        {
            await _app.Bus.Publish(Events.Staged(job.Id, stage, [0], at));
            var during = await _app.WaitForAsync(job.Id, j => j.Items[0].Stage == stage);
            Assert.Equal(JobStatuses.Processing, during.Items[0].Status);
        }
        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 0, "png"), TestImages.Png(), "image/png");
        var completed = Events.Completed(job.Id, 0);
        await _app.Bus.Publish(completed);
        var done = await _app.WaitForAsync(job.Id, j => j.Progress.Done == 1);

        var item = done.Items[0];
        Assert.Equal(JobStatuses.Succeeded, item.Stage);
        Assert.Equal([new StageTime(ItemStages.Queued, done.Timings.SubmittedAt), .. times, new StageTime(JobStatuses.Succeeded, completed.CompletedAt)],
            item.Stages);
    }

    [Fact]
    public async Task An_outcome_records_the_stages_its_worker_reports_whose_events_never_arrived()
    {
        var job = await SubmitAsync(1);
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-3);
        await _app.Bus.Publish(Events.Staged(job.Id, ItemStages.Fetching, [0], t0));
        await _app.WaitForAsync(job.Id, j => j.Items[0].Stage == ItemStages.Fetching);
        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 0, "png"), TestImages.Png(), "image/png");
        var reported = ItemStages.Running.Select((stage, k) => new StageTime(stage, t0.AddMilliseconds(100 * k + 1))).ToList();
        await _app.Bus.Publish(Events.Completed(job.Id, 0) with { Stages = reported });

        var done = await _app.WaitForAsync(job.Id, j => j.Progress.Done == 1);
        // The stage event's time stays; the four that only the outcome reports are added.
        Assert.Equal([new StageTime(ItemStages.Fetching, t0), .. reported.Skip(1)], done.Items[0].Stages.Skip(1).Take(5));
        Assert.Equal(JobStatuses.Succeeded, done.Items[0].Stages[^1].Stage);
    }

    [Fact]
    public async Task A_stage_that_overtakes_an_earlier_one_keeps_the_later_stage_and_both_times()
    {
        var job = await SubmitAsync(1);
        var at = DateTimeOffset.UtcNow.AddSeconds(-2);
        await _app.Bus.Publish(Events.Staged(job.Id, ItemStages.Inferring, [0], at.AddMilliseconds(300)));
        await _app.WaitForAsync(job.Id, j => j.Items[0].Stage == ItemStages.Inferring);
        await _app.Bus.Publish(Events.Staged(job.Id, ItemStages.Decoding, [0], at));
        // Repeated with another time: the first time stays.
        await _app.Bus.Publish(Events.Staged(job.Id, ItemStages.Decoding, [0], at.AddSeconds(1)));
        var view = await _app.WaitForAsync(job.Id, j => j.Items[0].Stages.Count == 3);

        Assert.Equal(ItemStages.Inferring, view.Items[0].Stage);
        Assert.Equal([ItemStages.Queued, ItemStages.Decoding, ItemStages.Inferring], view.Items[0].Stages.Select(s => s.Stage));
        Assert.Equal(at, view.Items[0].Stages[1].At);
    }

    [Fact]
    public async Task One_stage_message_for_a_group_moves_the_items_of_every_job_in_it()
    {
        var first = await SubmitAsync(2);
        var second = await SubmitAsync(1);
        await _app.Bus.Publish(new ItemsStaged
        {
            Stage = ItemStages.Decoding,
            Items = [new ItemRef(first.Id, 1), new ItemRef(second.Id, 0)],
            Worker = "w",
            Device = "cpu",
            BatchSize = 2,
            At = DateTimeOffset.UtcNow,
        });

        var a = await _app.WaitForAsync(first.Id, j => j.Progress.Processing == 1);
        var b = await _app.WaitForAsync(second.Id, j => j.Progress.Processing == 1);
        Assert.Equal([ItemStages.Queued, ItemStages.Decoding], a.Items.Select(i => i.Stage));
        Assert.Equal(ItemStages.Decoding, b.Items[0].Stage);
    }

    [Fact]
    public async Task A_late_or_repeated_stage_never_moves_a_finished_item_back()
    {
        var job = await SubmitAsync(3);
        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 0, "png"), TestImages.Png(), "image/png");
        await _app.Bus.Publish(Events.Completed(job.Id, 0));
        await _app.Bus.Publish(Events.Failed(job.Id, 1, "invalid_image", "The image could not be decoded."));
        await _app.WaitForAsync(job.Id, j => j.Progress.Done == 2);

        // Out of order (after the outcomes) and twice, mixed with an index the job does not have.
        await _app.Bus.Publish(Events.Staged(job.Id, ItemStages.Storing, [0, 1, 2, 9]));
        await _app.Bus.Publish(Events.Staged(job.Id, ItemStages.Storing, [0, 1, 2, 9]));
        var view = await _app.WaitForAsync(job.Id, j => j.Items[2].Status == JobStatuses.Processing);

        Assert.Equal(JobStatuses.Succeeded, view.Items[0].Status);
        // The late stage is history (its time is kept) but the outcome stays the item's stage.
        Assert.Equal(JobStatuses.Succeeded, view.Items[0].Stage);
        Assert.Equal([ItemStages.Queued, ItemStages.Storing, JobStatuses.Succeeded], view.Items[0].Stages.Select(s => s.Stage));
        Assert.NotNull(view.Items[0].Result);
        Assert.Equal(JobStatuses.Failed, view.Items[1].Status);
        Assert.Equal("invalid_image", view.Items[1].Reason);
        Assert.Equal(ItemStages.Storing, view.Items[2].Stage);
        Assert.Equal(3, view.Items.Count);
        Assert.Equal(new ProgressView(3, 2, 1, 1, 0, 0, 1, 66.7), view.Progress);

        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 2, "png"), TestImages.Png(), "image/png");
        await _app.Bus.Publish(Events.Completed(job.Id, 2));
        var done = await _app.WaitForAsync(job.Id, j => j.Progress.Done == 3);
        Assert.Equal(JobStatuses.Succeeded, done.Status);
        Assert.Equal(0, done.Progress.Processing);
    }
}
