using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Gateway.Extensions;
using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Worker;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using Xunit.Abstractions;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>
/// The distributed path end to end: HTTP submit to the gateway → inputs in S3 → one CartoonizeItem per image over
/// RabbitMQ → the worker's grouped engine call → results in S3 → ItemCompleted/ItemFailed over RabbitMQ → job state in
/// the gateway → JobCompleted on the broker and a signed webhook to a real listener → results downloaded through the
/// presigned S3 URL. Nothing is mocked: real gateway, real worker composition, real engine and models (CPU), real
/// broker and S3 server. Each test is bounded (<see cref="JobTimeout"/>).
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class DistributedEndToEndTests(InProcessStack stack, ITestOutputHelper output) : IClassFixture<InProcessStack>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    private InProcessGateway Gateway => stack.Gateway;

    [Fact]
    public async Task Three_images_one_corrupt_give_a_succeeded_job_with_one_failed_item_downloadable_results_and_one_verified_completed_webhook()
    {
        var clock = Stopwatch.StartNew();
        AssertGatewayIsDistributedWithoutWorker();
        var astronaut = E2eImages.Framing(E2eImages.Astronaut, 0, 0, 1, 256, 256);
        var portrait = E2eImages.Framing(E2eImages.Portrait, 0.2, 0, 0.6, 240, 320);
        // Chunk structure, IHDR and CRCs intact, deflate data garbage: the gateway's header check passes, the decode fails.
        var corrupt = Portraits.CorruptPixels(E2eImages.Framing(E2eImages.Portrait, 0, 0, 1, 256, 256));
        using var client = Gateway.Client();

        using var response = await client.PostAsync("/v1/jobs", E2eImages.Form(
            [("astronaut.png", astronaut), ("corrupt.png", corrupt), ("portrait.png", portrait)], ("webhook", stack.Webhooks.Url)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;
        Assert.Equal(3, submitted.Progress.Total);
        Assert.Empty(submitted.Rejected); // the corrupt file passed the gateway's header check: only the worker finds it out
        Assert.Equal(response.Headers.Location, new Uri(submitted.Links.Self));

        var job = await Gateway.WaitUntilTerminalAsync(submitted.Id, JobTimeout);
        output.WriteLine($"job {job.Id}: {job.Status} after {clock.Elapsed.TotalSeconds:F1} s; " +
                         string.Join(", ", job.Items.Select(i => $"#{i.Index} {i.Status} {i.Reason} batch {i.BatchSize} {i.Device} {i.InferenceMs:F0} ms")));
        Assert.Equal("succeeded", job.Status);
        Assert.Equal(1, job.FailedItems);
        Assert.Equal((3, 2, 1, 0), (job.Progress.Done, job.Progress.Succeeded, job.Progress.Failed, job.Progress.Canceled));
        Assert.NotNull(job.Timings.CompletedAt);

        var failed = job.Items.Single(i => i.Index == 1);
        Assert.Equal("failed", failed.Status);
        Assert.Equal(FailureReasons.InvalidImage, failed.Reason);
        Assert.Equal("cpu", failed.Device); // the failure came from the worker's engine, not from the gateway
        using (var noResult = await client.GetAsync($"/v1/jobs/{job.Id}/items/1/result"))
        {
            Assert.Equal(HttpStatusCode.NotFound, noResult.StatusCode);
            Assert.Equal("no_result", await ReasonAsync(noResult));
        }

        // Each result: 302 from the gateway to a presigned URL on the S3 server, whose bytes decode to the input's size.
        using var s3 = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (index, width, height) in new[] { (0, 256, 256), (2, 240, 320) })
        {
            var item = job.Items.Single(i => i.Index == index);
            Assert.Equal("succeeded", item.Status);
            Assert.Equal("cpu", item.Device);
            Assert.InRange(item.BatchSize ?? 0, 1, 3);
            Assert.Equal((width, height), (item.Result!.Width, item.Result.Height));

            using var redirect = await client.GetAsync(item.Result.Url);
            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
            var location = redirect.Headers.Location!;
            Assert.Equal(ServicesFixture.Instance.RequireS3(), location.Authority);
            Assert.StartsWith($"/{stack.Bucket}/jobs/", location.AbsolutePath);
            Assert.Contains("X-Amz-Signature=", location.Query);
            Assert.Contains("X-Amz-Expires=900", location.Query); // Gateway:ResultUrlExpiry's default: 15 min

            using var download = await s3.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
            var bytes = await download.Content.ReadAsByteArrayAsync();
            using var image = Image.Load(bytes, out var format);
            Assert.Equal("PNG", format.Name);
            Assert.Equal((width, height), (image.Width, image.Height));
            Assert.NotEqual(index == 0 ? astronaut : portrait, bytes); // a cartoon, not the input handed back
        }

        // Exactly one "completed" webhook (the default events), signed as Standard Webhooks says, naming the job.
        await stack.Webhooks.WaitForAsync(job.Id, 1, TimeSpan.FromSeconds(30));
        var delivered = await Gateway.WaitForAsync(job.Id,
            j => j.Webhook!.Deliveries.Count > 0 && j.Webhook.Deliveries.All(d => d.Status == "delivered"), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2)); // ten sweep intervals: a duplicate delivery would show up now
        var hook = Assert.Single(stack.Webhooks.For(job.Id));
        Assert.Matches("^msg_[0-9a-f]{32}$", hook.Id);
        Assert.True(StandardWebhooks.Verify(InProcessGateway.Secret, hook), $"signature {hook.Signature} does not verify");
        Assert.False(StandardWebhooks.Verify(InProcessGateway.Secret, hook with { Body = hook.Body.Replace("succeeded", "failed") }));
        Assert.False(StandardWebhooks.Verify("whsec_" + Convert.ToBase64String(new byte[24]), hook));
        var body = hook.Json;
        Assert.Equal("completed", body.GetProperty("type").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(job.Id, data.GetProperty("id").GetGuid());
        Assert.Equal("succeeded", data.GetProperty("status").GetString());
        Assert.Equal(1, data.GetProperty("failedItems").GetInt32());
        var delivery = Assert.Single(delivered.Webhook!.Deliveries);
        Assert.Equal((hook.Id, "completed"), (delivery.Id, delivery.Event));
        Assert.Equal(200, Assert.Single(delivery.Attempts).StatusCode);

        // JobCompleted reached the broker once.
        var completed = Assert.Single(await WaitForJobCompletedAsync(job.Id));
        Assert.Equal("succeeded", completed.GetProperty("status").GetString());
        Assert.Equal((2, 1), (completed.GetProperty("succeeded").GetInt32(), completed.GetProperty("failed").GetInt32()));
        output.WriteLine($"test took {clock.Elapsed.TotalSeconds:F1} s (stack started in {stack.StartupTime.TotalSeconds:F1} s)");
    }

    [Fact]
    public async Task Twelve_images_in_one_job_run_in_worker_groups_larger_than_one_and_never_above_the_tier_group_limit()
    {
        var clock = Stopwatch.StartNew();
        var images = E2eImages.Portraits256(12);
        using var client = Gateway.Client();
        using var response = await client.PostAsync("/v1/jobs", E2eImages.Form(images));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;
        Assert.Equal(12, submitted.Items.Count);
        var tier = Assert.Single(submitted.Items.Select(i => i.Tier).Distinct());
        var plan = stack.WorkerTiers.Find(tier)!; // the worker's own plan, from the worker host's services
        Assert.Equal(5, plan.GroupLimit); // Tiers:MaxGroupSize caps the tier below 12: a single group cannot hold the job

        // The worker's stage events cross RabbitMQ: while a group runs, its items show as processing (3 groups of
        // several seconds each on CPU leave a wide window for the 100 ms poll).
        var running = await Gateway.WaitForAsync(submitted.Id, j => j.Progress.Processing > 0, JobTimeout);
        Assert.Equal("processing", running.Status);
        Assert.All(running.Items.Where(i => i.Status == "processing"), i =>
        {
            Assert.NotNull(i.StartedAt);
            Assert.Equal("cpu", i.Device);
            Assert.InRange(i.BatchSize ?? 0, 1, plan.GroupLimit);
            Assert.Null(i.Result);
        });

        var job = await Gateway.WaitUntilTerminalAsync(submitted.Id, JobTimeout);
        Assert.Equal("succeeded", job.Status);
        Assert.Equal(0, job.FailedItems);
        Assert.Equal(12, job.Progress.Succeeded);
        // Every item went through every stage, and its timeline reads in time order.
        Assert.All(job.Items, i =>
        {
            Assert.Equal(["queued", "fetching", "decoding", "inferring", "encoding", "storing", "succeeded"], i.Stages.Select(s => s.Stage));
            Assert.Equal(i.Stages.Select(s => s.At).Order(), i.Stages.Select(s => s.At));
        });

        // Items that ran in one engine call share their StartedAt; each carries the size of its call.
        var groups = job.Items.GroupBy(i => i.StartedAt).OrderBy(g => g.Key).ToList();
        var sizes = groups.Select(g => g.Count()).ToList();
        output.WriteLine($"job {job.Id}: {clock.Elapsed.TotalSeconds:F1} s; group limit {plan.GroupLimit}; groups seen (items per engine call, in order): " +
                         string.Join(", ", groups.Select(g => $"{g.Count()} (batchSize {g.First().BatchSize}, {g.First().InferenceMs:F0} ms/item)")));
        Assert.All(job.Items, i => Assert.InRange(i.BatchSize ?? 0, 1, plan.GroupLimit));
        Assert.Contains(job.Items, i => i.BatchSize > 1);
        foreach (var group in groups)
            Assert.All(group, i => Assert.Equal(group.Count(), i.BatchSize));
        Assert.Equal(12, sizes.Sum());
        Assert.True(groups.Count < 12, "every item ran alone");
        Assert.All(job.Items, i => Assert.Equal("cpu", i.Device));

        // Every result is in S3 and decodes.
        foreach (var item in job.Items)
        {
            var stored = await stack.Worker.Store.GetAsync(JobObjectKeys.Result(job.Id, item.Index, "png"));
            Assert.NotNull(stored);
            using var image = Image.Load(stored.Data);
            Assert.Equal((256, 256), (image.Width, image.Height));
        }
    }

    [Fact]
    public async Task Canceling_twelve_items_at_once_cancels_the_unprocessed_ones_leaves_nothing_queued_and_ignores_late_results()
    {
        var clock = Stopwatch.StartNew();
        using var client = Gateway.Client();
        using var response = await client.PostAsync("/v1/jobs", E2eImages.Form(E2eImages.Portraits256(12), ("webhook", stack.Webhooks.Url)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;

        using var cancel = await client.PostAsync($"/v1/jobs/{submitted.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var canceled = (await cancel.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;
        output.WriteLine($"canceled {clock.ElapsedMilliseconds} ms after the submit: " +
                         string.Join(", ", canceled.Items.GroupBy(i => i.Status).Select(g => $"{g.Count()} {g.Key}")));
        Assert.Equal("canceled", canceled.Status);
        Assert.NotNull(canceled.Timings.CanceledAt);
        Assert.All(canceled.Items.Where(i => i.Status != "succeeded"), i => Assert.Equal(("canceled", "canceled"), (i.Status, i.Reason)));
        Assert.True(canceled.Progress.Canceled > 0, "nothing was left to cancel");
        Assert.Equal(12, canceled.Progress.Succeeded + canceled.Progress.Canceled);
        var plan = stack.WorkerTiers.Find(submitted.Items[0].Tier)!;

        // The worker consumes every message: what it had started finishes (its results are late), the rest it skips
        // because of the cancel marker. Then nothing is left in the tier queue, ready or unacknowledged.
        var outcomes = await stack.Worker.WaitForOutcomesAsync(submitted.Id, 12, JobTimeout);
        var skipped = outcomes.OfType<ItemFailed>().Where(f => f.Reason == FailureReasons.Canceled).ToList();
        var ran = outcomes.OfType<ItemCompleted>().ToList();
        output.WriteLine($"worker: {ran.Count} ran (groups {string.Join(", ", ran.GroupBy(r => r.StartedAt).Select(g => g.Count()))}), {skipped.Count} skipped as canceled");
        Assert.Equal(12, ran.Count + skipped.Count);
        Assert.True(skipped.Count >= 12 - plan.GroupLimit, $"the worker ran {ran.Count} items of a job canceled at once (one group is {plan.GroupLimit})");
        await AssertNothingQueuedAsync(submitted.Items[0].Tier);

        // Late results changed nothing: the job and its items are as the cancel left them; only items that had
        // succeeded before the cancel have a result.
        var after = await Gateway.GetJobAsync(submitted.Id);
        Assert.Equal("canceled", after.Status);
        Assert.Equal(canceled.Items.Select(i => (i.Index, i.Status)), after.Items.Select(i => (i.Index, i.Status)));
        foreach (var item in after.Items.Where(i => i.Status == "canceled"))
        {
            using var result = await client.GetAsync($"/v1/jobs/{after.Id}/items/{item.Index}/result");
            Assert.Equal(HttpStatusCode.NotFound, result.StatusCode);
            Assert.Equal("no_result", await ReasonAsync(result));
        }

        // Cancel completes the job: one "completed" webhook with status canceled, and one JobCompleted.
        var hook = Assert.Single(await stack.Webhooks.WaitForAsync(after.Id, 1, TimeSpan.FromSeconds(30)));
        Assert.True(StandardWebhooks.Verify(InProcessGateway.Secret, hook));
        Assert.Equal(("completed", "canceled"), (hook.Type, hook.Json.GetProperty("data").GetProperty("status").GetString()));
        var completed = Assert.Single(await WaitForJobCompletedAsync(after.Id));
        Assert.Equal("canceled", completed.GetProperty("status").GetString());
        output.WriteLine($"test took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Canceling_after_the_first_results_keeps_them_downloadable_and_cancels_the_rest()
    {
        using var client = Gateway.Client();
        using var response = await client.PostAsync("/v1/jobs", E2eImages.Form(E2eImages.Portraits256(12)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;

        await Gateway.WaitForAsync(submitted.Id, j => j.Progress.Succeeded > 0, JobTimeout);
        using var cancel = await client.PostAsync($"/v1/jobs/{submitted.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var canceled = (await cancel.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;
        var done = canceled.Items.Where(i => i.Status == "succeeded").ToList();
        output.WriteLine($"at the cancel: {done.Count} succeeded, {canceled.Progress.Canceled} canceled");
        Assert.Equal("canceled", canceled.Status);
        Assert.NotEmpty(done);
        Assert.True(canceled.Progress.Canceled > 0, "the job had finished before the cancel");
        Assert.Equal(12, done.Count + canceled.Progress.Canceled);

        await stack.Worker.WaitForOutcomesAsync(submitted.Id, 12, JobTimeout);
        await AssertNothingQueuedAsync(submitted.Items[0].Tier);

        var after = await Gateway.GetJobAsync(submitted.Id);
        Assert.Equal("canceled", after.Status);
        Assert.Equal(done.Select(i => i.Index), after.Items.Where(i => i.Status == "succeeded").Select(i => i.Index));
        using var s3 = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var item in done)
        {
            using var redirect = await client.GetAsync($"/v1/jobs/{after.Id}/items/{item.Index}/result");
            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
            using var image = Image.Load(await s3.GetByteArrayAsync(redirect.Headers.Location));
            Assert.Equal((256, 256), (image.Width, image.Height));
        }
    }

    [Fact]
    public async Task The_same_Idempotency_Key_and_body_replay_the_same_job()
    {
        var image = E2eImages.Framing(E2eImages.Astronaut, 0.1, 0, 0.8, 128, 128);
        using var client = Gateway.Client();
        var key = $"e2e-{Guid.NewGuid():N}";
        var jobsBefore = await Gateway.JobCountAsync();

        async Task<(HttpResponseMessage Response, string Body)> SubmitAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
            {
                Content = E2eImages.Form([("same.png", image)], ("style", "anime"), ("format", "jpeg")),
            };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request);
            return (response, await response.Content.ReadAsStringAsync());
        }

        var (first, firstBody) = await SubmitAsync();
        var (second, secondBody) = await SubmitAsync();
        using (first)
        using (second)
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
            Assert.False(first.Headers.Contains("Idempotent-Replayed"));
            Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
            Assert.Equal(firstBody, secondBody);
            Assert.Equal(first.Headers.Location, second.Headers.Location);
        }
        var id = JsonDocument.Parse(firstBody).RootElement.GetProperty("id").GetGuid();
        Assert.Equal(jobsBefore + 1, await Gateway.JobCountAsync());

        var job = await Gateway.WaitUntilTerminalAsync(id, JobTimeout); // leave no work behind for the next test
        Assert.Equal("succeeded", job.Status);
    }

    [Fact]
    public async Task A_gateway_that_does_not_allow_private_networks_rejects_a_loopback_webhook_at_submit()
    {
        // A second gateway on the same bucket, as configured for production: AllowPrivateNetworks=false. It uses the
        // in-memory transport so that it cannot compete with the first gateway for the job events on the broker (the
        // webhook check happens before anything is sent).
        await using var strict = await new InProcessGateway(stack.GatewaySettings(new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "false",
            ["Gateway:Mode"] = "Distributed",
            ["Messaging:Transport"] = "InMemory",
        })).StartAsync(TimeSpan.FromMinutes(1));
        var jobsBefore = await strict.JobCountAsync();
        using var client = strict.Client();

        using var response = await client.PostAsync("/v1/jobs", E2eImages.Form(
            [("a.png", E2eImages.Framing(E2eImages.Astronaut, 0, 0, 1, 64, 64))], ("webhook", stack.Webhooks.Url)));

        Assert.StartsWith("http://127.0.0.1:", stack.Webhooks.Url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("webhook_rejected", await ReasonAsync(response));
        Assert.Equal(jobsBefore, await strict.JobCountAsync()); // refused before anything was stored
    }

    private void AssertGatewayIsDistributedWithoutWorker()
    {
        Assert.Equal(GatewayMode.Distributed, Gateway.Services.GetRequiredService<GatewayModeInfo>().Mode);
        Assert.Null(Gateway.Services.GetService<ICartoonEngine>()); // the engine runs only in the worker host
        Assert.NotNull(stack.Worker.Services.GetService<ICartoonEngine>());
    }

    private async Task AssertNothingQueuedAsync(string tier)
    {
        var queue = $"{stack.Prefix}-{tier}";
        Assert.Equal(0u, await stack.VirtualHost.ReadyCountAsync(queue));
        // Unacknowledged messages are only in the management statistics (refreshed every few seconds).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyDictionary<string, long> depths;
        while ((depths = await stack.VirtualHost.QueueDepthsAsync(stack.Prefix)).Values.Any(d => d > 0) && DateTime.UtcNow < deadline)
            await Task.Delay(500);
        Assert.True(depths.Values.All(d => d == 0), "left in the queues: " + string.Join(", ", depths.Select(d => $"{d.Key}={d.Value}")));
        Assert.Contains(queue, depths.Keys);
    }

    private async Task<IReadOnlyList<JsonElement>> WaitForJobCompletedAsync(Guid jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await stack.JobCompleted.ForAsync(jobId)).Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await Task.Delay(1000); // a duplicate would follow closely
        return await stack.JobCompleted.ForAsync(jobId);
    }

    [Fact]
    public async Task With_its_database_down_a_replica_answers_a_submit_503_database_unavailable_with_Retry_After_and_stores_nothing()
    {
        // A replica of this deployment whose PostgreSQL cannot be reached (nothing listens on port 1); broker and S3 are up.
        await using var down = new InProcessGateway(stack.GatewaySettings(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=cartoon;Username=cartoon;Timeout=2",
            ["Database:MigrateAtStart"] = "false",
        }));
        using var client = down.Client();
        var before = await ObjectCountAsync();

        using var response = await client.PostAsync("/v1/jobs", E2eImages.Form(E2eImages.Portraits256(2), ("style", "anime")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("database_unavailable", await ReasonAsync(response));
        // The job's rows come first: with no database, no input was stored (and so nothing was sent to a worker).
        Assert.Equal(before, await ObjectCountAsync());
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    private async Task<int> ObjectCountAsync()
    {
        using var s3 = S3Admin.Client(ServicesFixture.Instance);
        var count = 0;
        await foreach (var _ in s3.ListObjectsEnumAsync(new Minio.DataModel.Args.ListObjectsArgs().WithBucket(stack.Bucket).WithRecursive(true)))
            count++;
        return count;
    }

    private static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
    }
}
