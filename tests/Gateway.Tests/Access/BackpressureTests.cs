using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Tests.Access;

/// <summary>
/// In-memory transport: the backlog is this gateway's unfinished items per tier. No worker runs here, so submitted
/// items stay queued until the test completes them. (The RabbitMQ queue-depth case is in Integration.Tests.)
/// </summary>
public sealed class BackpressureTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new(settings: new Dictionary<string, string?>
    {
        ["Backpressure:MaxQueuedItemsPerTier"] = "3",
        ["Backpressure:RetryAfterSeconds"] = "17",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> SubmitAsync(int images, int side = 64)
    {
        using var client = _app.CreateClient();
        var parts = Enumerable.Range(0, images).Select(i => ($"p{i}.png", TestImages.Png(side, side, seed: i))).ToArray();
        return await client.PostAsync("/v1/jobs", TestImages.Form(parts));
    }

    [Fact]
    public async Task A_full_tier_refuses_submits_with_503_until_it_drains()
    {
        using var first = await SubmitAsync(2);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var job = (await first.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;

        using var refused = await SubmitAsync(2); // 2 queued + 2 > 3
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("17", refused.Headers.GetValues("Retry-After").Single());
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("backlog_full", problem.GetProperty("reason").GetString());
        Assert.Equal("s", problem.GetProperty("tier").GetString());
        Assert.Equal(2, problem.GetProperty("queued").GetInt64());
        Assert.Equal(3, problem.GetProperty("maxQueued").GetInt32());
        Assert.Equal(1, _app.JobCount()); // checked before anything is stored
        Assert.True(await Metrics.CounterAsync(_app, "cartoon_requests_rejected_total", "reason=\"backlog_full\"", "tier=\"s\"") >= 1);

        // another tier has its own backlog (600² is tier m)
        using var otherTier = await SubmitAsync(2, side: 600);
        Assert.Equal(HttpStatusCode.Accepted, otherTier.StatusCode);

        // draining the tier lets submits in again
        foreach (var index in new[] { 0, 1 })
        {
            await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, index, "png"), TestImages.Png(), "image/png");
            await _app.Bus.Publish(Events.Completed(job.Id, index));
        }
        await _app.WaitForAsync(job.Id, j => j.Status == "succeeded");
        using var accepted = await SubmitAsync(2);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task An_idempotent_retry_after_a_503_goes_through_once_there_is_room()
    {
        using var filler = await SubmitAsync(3);
        var job = (await filler.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        using var client = _app.CreateClient();
        HttpRequestMessage Submit()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = TestImages.Form(("x.png", TestImages.Png(seed: 9))) };
            request.Headers.Add("Idempotency-Key", "retry-after-backlog");
            return request;
        }

        using (var refused = await client.SendAsync(Submit()))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        await _app.Bus.Publish(Events.Failed(job.Id, 0, "invalid_image", "cannot decode"));
        await _app.WaitForAsync(job.Id, j => j.Progress.Failed == 1);
        using var accepted = await client.SendAsync(Submit());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.False(accepted.Headers.Contains("Idempotent-Replayed"));
    }
}
