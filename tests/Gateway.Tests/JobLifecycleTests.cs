using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;
using SixLabors.ImageSharp;

namespace Cartoon.Gateway.Tests;

public sealed class JobLifecycleTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<JobView> SubmitAsync(int images, params (string Name, string Value)[] fields) => _app.SubmitPngsAsync(images, fields);

    [Fact]
    public async Task Items_go_to_their_tier_queue_and_a_worker_completes_the_job()
    {
        await using var worker = await TestWorker.StartAsync(_app, (w, ctx) => w.CompleteAsync(ctx));
        var submitted = await SubmitAsync(3, ("style", "3d"), ("strength", "0.5"));

        var job = await _app.WaitForAsync(submitted.Id, j => j.Status == "succeeded");
        Assert.Equal(3, job.Progress.Succeeded);
        Assert.Equal(100, job.Progress.Percent);
        Assert.Equal(0, job.FailedItems);
        Assert.NotNull(job.Timings.StartedAt);
        Assert.NotNull(job.Timings.CompletedAt);
        Assert.Equal(37.5, job.Timings.InferenceMs);
        Assert.Null(job.Queue);

        var commands = worker.Received.OrderBy(c => c.ItemIndex).ToList();
        Assert.Equal([0, 1, 2], commands.Select(c => c.ItemIndex));
        Assert.All(commands, c =>
        {
            Assert.Equal(submitted.Id, c.JobId);
            Assert.Equal("3d", c.Style);
            Assert.Equal(0.5f, c.Strength);
            Assert.Equal("s", c.Tier);
            Assert.Equal(JobObjectKeys.Input(c.JobId, c.ItemIndex), c.InputKey);
            Assert.Equal(JobObjectKeys.Result(c.JobId, c.ItemIndex, "png"), c.ResultKey);
            Assert.Equal(48, c.WorkHeight);
        });

        using var client = _app.CreateClient();
        foreach (var item in job.Items)
        {
            Assert.NotNull(item.Result);
            using var result = await client.GetAsync(item.Result!.Url);
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
            Assert.Equal("image/png", result.Content.Headers.ContentType?.MediaType);
            using var image = Image.Load(await result.Content.ReadAsByteArrayAsync());
            Assert.Equal(64 + item.Index, image.Width);
        }
    }

    [Fact]
    public async Task Status_moves_queued_processing_succeeded_and_results_are_409_until_ready()
    {
        var job = await SubmitAsync(2);
        Assert.Equal("queued", job.Status);
        Assert.Equal(0, job.Queue!.ItemsAhead);
        Assert.Equal(2, job.Queue.ItemsRemaining);

        using var client = _app.CreateClient();
        using (var early = await client.GetAsync($"/v1/jobs/{job.Id}/items/0/result"))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Equal("not_ready", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        }

        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 0, "png"), TestImages.Png(), "image/png");
        await _app.Bus.Publish(Events.Completed(job.Id, 0));
        var processing = await _app.WaitForAsync(job.Id, j => j.Progress.Done == 1);
        Assert.Equal("processing", processing.Status);
        Assert.Equal("succeeded", processing.Items[0].Status);
        Assert.Equal("queued", processing.Items[1].Status);
        Assert.Equal(1, processing.Queue!.ItemsRemaining);
        Assert.NotNull(processing.Queue.EstimatedWaitSeconds);

        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 1, "png"), TestImages.Png(), "image/png");
        await _app.Bus.Publish(Events.Completed(job.Id, 1));
        var done = await _app.WaitForAsync(job.Id, j => j.Status == "succeeded");
        Assert.Equal(2, done.Progress.Succeeded);

        using var ready = await client.GetAsync($"/v1/jobs/{job.Id}/items/1/result");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var missing = await client.GetAsync($"/v1/jobs/{job.Id}/items/7/result");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Some_failed_some_succeeded_is_succeeded_with_failed_items_and_reasons()
    {
        await using var worker = await TestWorker.StartAsync(_app, (w, ctx) => ctx.Message.ItemIndex == 1
            ? w.FailAsync(ctx, "invalid_image", "The image could not be decoded.")
            : w.CompleteAsync(ctx));
        var submitted = await SubmitAsync(3);
        var job = await _app.WaitForAsync(submitted.Id, j => j.Progress.Done == 3);
        Assert.Equal("succeeded", job.Status);
        Assert.Equal(1, job.FailedItems);
        var failed = job.Items.Single(i => i.Index == 1);
        Assert.Equal("failed", failed.Status);
        Assert.Equal("invalid_image", failed.Reason);
        Assert.Equal("The image could not be decoded.", failed.Message);
        Assert.Null(failed.Result);

        using var client = _app.CreateClient();
        using var noResult = await client.GetAsync($"/v1/jobs/{job.Id}/items/1/result");
        Assert.Equal(HttpStatusCode.NotFound, noResult.StatusCode);
        Assert.Equal("no_result", (await noResult.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task All_failed_is_failed()
    {
        await using var worker = await TestWorker.StartAsync(_app, (w, ctx) => w.FailAsync(ctx, "decode_timeout", "Decoding took too long."));
        var submitted = await SubmitAsync(2);
        var job = await _app.WaitForAsync(submitted.Id, j => j.Progress.Done == 2);
        Assert.Equal("failed", job.Status);
        Assert.Equal(2, job.FailedItems);
    }

    [Fact]
    public async Task A_poison_item_fault_fails_the_item_with_internal_error_and_no_internals()
    {
        await using var worker = await TestWorker.StartAsync(_app, (w, ctx) => ctx.Message.ItemIndex == 0
            ? throw new InvalidOperationException("secret stack detail /srv/models")
            : w.CompleteAsync(ctx));
        var submitted = await SubmitAsync(2);
        var job = await _app.WaitForAsync(submitted.Id, j => j.Progress.Done == 2);
        var poisoned = job.Items.Single(i => i.Index == 0);
        Assert.Equal("failed", poisoned.Status);
        Assert.Equal("internal_error", poisoned.Reason);
        Assert.DoesNotContain("secret", poisoned.Message);
        Assert.Equal("succeeded", job.Status);
    }

    [Fact]
    public async Task Duplicate_and_late_events_change_nothing_and_JobCompleted_is_published_once()
    {
        await using var probe = await JobCompletedProbe.StartAsync(_app.Bus);
        {
            var job = await SubmitAsync(2);
            var first = Events.Completed(job.Id, 0, inferenceMs: 10);
            await _app.Bus.Publish(first);
            await _app.Bus.Publish(first);
            // Item 0 has its outcome; only then the late failure (of two outcomes in flight at once, the bus decides
            // which is applied first: the guarantee is that whichever it is stands).
            await _app.WaitForAsync(job.Id, j => j.Items[0].Status == "succeeded");
            await _app.Bus.Publish(Events.Failed(job.Id, 0, "internal_error", "late failure of a finished item"));
            await _app.Bus.Publish(Events.Completed(job.Id, 1, inferenceMs: 20));
            await _app.Bus.Publish(Events.Completed(job.Id, 1, inferenceMs: 20));
            var done = await _app.WaitForAsync(job.Id, j => j.Status == "succeeded");
            await Task.Delay(500);
            done = await _app.GetJobAsync(job.Id);
            Assert.Equal("succeeded", done.Items[0].Status);
            Assert.Equal(30, done.Timings.InferenceMs);
            var completed = Assert.Single(probe.For(job.Id));
            Assert.Equal(StableIds.ForJobCompleted(job.Id), completed.EventId);
            Assert.Equal("succeeded", completed.Status);
            Assert.Equal(2, completed.Succeeded);
        }
    }

    [Fact]
    public async Task State_is_read_back_from_the_store_after_a_restart()
    {
        var job = await SubmitAsync(2);
        await _app.Bus.Publish(Events.Completed(job.Id, 0));
        await _app.Bus.Publish(Events.Failed(job.Id, 1, "invalid_image", "bad"));
        await _app.WaitForAsync(job.Id, j => j.IsTerminal());

        await using var restarted = new GatewayApp(_app.StorageRoot);
        var reloaded = await restarted.GetJobAsync(job.Id);
        Assert.Equal("succeeded", reloaded.Status);
        Assert.Equal(["succeeded", "failed"], reloaded.Items.Select(i => i.Status));
        Assert.Equal("invalid_image", reloaded.Items[1].Reason);
    }
}

public static class JobViewExtensions
{
    public static bool IsTerminal(this JobView job) => JobStatuses.IsTerminal(job.Status);
}
