using System.Net;
using System.Net.Http.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Storage;

namespace Cartoon.Gateway.Tests;

/// <summary>ItemsStarted from a worker: queued items become processing; outcomes are never undone by it.</summary>
public sealed class ItemsStartedTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JobView> SubmitAsync(int images)
    {
        using var client = _app.CreateClient();
        var parts = Enumerable.Range(0, images).Select(i => ($"p{i}.png", TestImages.Png(64 + i, 48, seed: i))).ToArray();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(parts));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
    }

    [Fact]
    public async Task Started_items_are_processing_with_their_worker_details_and_the_job_is_processing()
    {
        var job = await SubmitAsync(3);
        var started = Events.Started(job.Id, 0, 1);
        await _app.Bus.Publish(started);

        var view = await _app.WaitForAsync(job.Id, j => j.Progress.Processing == 2);
        Assert.Equal(JobStatuses.Processing, view.Status);
        Assert.Equal([JobStatuses.Processing, JobStatuses.Processing, JobStatuses.Queued], view.Items.Select(i => i.Status));
        Assert.Equal(1, view.Progress.Queued);
        Assert.Equal(0, view.Progress.Done);
        Assert.Equal(0, view.Progress.Percent);
        Assert.All(view.Items.Take(2), i =>
        {
            Assert.Equal("cpu", i.Device);
            Assert.Equal(2, i.BatchSize);
            Assert.Equal(started.StartedAt, i.StartedAt);
            Assert.Null(i.Result);
        });
        Assert.Equal(started.StartedAt, view.Timings.StartedAt);
        Assert.Equal(3, view.Queue!.ItemsRemaining);

        using var client = _app.CreateClient();
        using var early = await client.GetAsync($"/v1/jobs/{job.Id}/items/0/result");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
    }

    [Fact]
    public async Task A_late_or_repeated_start_never_moves_a_finished_item_back()
    {
        var job = await SubmitAsync(3);
        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 0, "png"), TestImages.Png(), "image/png");
        await _app.Bus.Publish(Events.Completed(job.Id, 0));
        await _app.Bus.Publish(Events.Failed(job.Id, 1, "invalid_image", "The image could not be decoded."));
        await _app.WaitForAsync(job.Id, j => j.Progress.Done == 2);

        // Out of order (after the outcomes) and twice, mixed with an index the job does not have.
        await _app.Bus.Publish(Events.Started(job.Id, 0, 1, 2, 9));
        await _app.Bus.Publish(Events.Started(job.Id, 0, 1, 2, 9));
        var view = await _app.WaitForAsync(job.Id, j => j.Items[2].Status == JobStatuses.Processing);

        Assert.Equal(JobStatuses.Succeeded, view.Items[0].Status);
        Assert.NotNull(view.Items[0].Result);
        Assert.Equal(JobStatuses.Failed, view.Items[1].Status);
        Assert.Equal("invalid_image", view.Items[1].Reason);
        Assert.Equal(3, view.Items.Count);
        Assert.Equal(new ProgressView(3, 2, 1, 1, 0, 0, 1, 66.7), view.Progress);

        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 2, "png"), TestImages.Png(), "image/png");
        await _app.Bus.Publish(Events.Completed(job.Id, 2));
        var done = await _app.WaitForAsync(job.Id, j => j.Progress.Done == 3);
        Assert.Equal(JobStatuses.Succeeded, done.Status);
        Assert.Equal(0, done.Progress.Processing);
    }
}
