using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Tests;

public sealed class CancelTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JobView> SubmitAsync(HttpClient client, int images)
    {
        var parts = Enumerable.Range(0, images).Select(i => ($"p{i}.png", TestImages.Png(seed: i))).ToArray();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(parts));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
    }

    [Fact]
    public async Task Cancel_marks_pending_items_canceled_writes_the_marker_and_is_idempotent()
    {
        await using var probe = await JobCompletedProbe.StartAsync(_app.Bus);
        using var client = _app.CreateClient();
        var job = await SubmitAsync(client, 3);
        await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, 0, "png"), TestImages.Png(), "image/png");
        await _app.Bus.Publish(Events.Completed(job.Id, 0));
        await _app.WaitForAsync(job.Id, j => j.Progress.Done == 1);

        using var cancel = await client.PostAsync(job.Links.Cancel, null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var canceled = (await cancel.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        Assert.Equal("canceled", canceled.Status);
        Assert.Equal(["succeeded", "canceled", "canceled"], canceled.Items.Select(i => i.Status));
        Assert.Equal("canceled", canceled.Items[1].Reason);
        Assert.NotNull(canceled.Timings.CanceledAt);
        Assert.True(await _app.Store.ExistsAsync(JobObjectKeys.CancelMarker(job.Id)));

        using var again = await client.PostAsync(job.Links.Cancel, null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("canceled", (await again.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!.Status);

        // A worker that finished an item anyway does not resurrect it; the item done before the cancel keeps its result.
        await _app.Bus.Publish(Events.Completed(job.Id, 1));
        await Task.Delay(300);
        var after = await _app.GetJobAsync(job.Id);
        Assert.Equal("canceled", after.Items[1].Status);
        using var kept = await client.GetAsync($"/v1/jobs/{job.Id}/items/0/result");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);

        await Task.Delay(200);
        var completed = Assert.Single(probe.For(job.Id));
        Assert.Equal("canceled", completed.Status);
        Assert.Equal(2, completed.Canceled);
    }

    [Fact]
    public async Task Cancel_of_a_finished_job_is_409_and_of_an_unknown_job_404()
    {
        using var client = _app.CreateClient();
        var job = await SubmitAsync(client, 1);
        await _app.Bus.Publish(Events.Failed(job.Id, 0, "invalid_image", "bad"));
        await _app.WaitForAsync(job.Id, j => j.Status == "failed");

        using var conflict = await client.PostAsync(job.Links.Cancel, null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("job_terminal", problem.GetProperty("reason").GetString());
        Assert.Equal("failed", problem.GetProperty("status").GetString() ?? problem.GetProperty("status").ToString());

        using var unknown = await client.PostAsync($"/v1/jobs/{Guid.NewGuid()}/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_worker_reporting_canceled_makes_the_item_canceled_not_failed()
    {
        using var client = _app.CreateClient();
        var job = await SubmitAsync(client, 1);
        await _app.Bus.Publish(Events.Failed(job.Id, 0, "canceled", "skipped: job canceled"));
        var done = await _app.WaitForAsync(job.Id, j => j.IsTerminal());
        Assert.Equal("canceled", done.Items[0].Status);
        Assert.Equal("canceled", done.Status);
        Assert.Equal(0, done.FailedItems);
    }
}
