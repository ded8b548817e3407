using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Worker;
using Cartoon.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Cartoon.Integration.Tests.Access;

/// <summary>
/// A distributed gateway (RabbitMQ + S3, its own vhost and bucket) with NO worker consuming: the backlog check reads
/// the real depth of the tier queue, and a presigned result URL carries the configured lifetime.
/// </summary>
public sealed class QueueDepthBackpressureTests : IAsyncLifetime
{
    private const int MaxQueued = 5;
    private readonly string _bucket = ServicesFixture.NewBucketName("access");
    private readonly string _prefix = WorkerHost.NewPrefix();
    private RabbitMqEndpoint? _rabbit;
    private VirtualHost? _vhost;
    private InProcessGateway? _gateway;

    private string SmallTierQueue => $"{_prefix}-s";

    public async Task InitializeAsync()
    {
        _rabbit = await RabbitMqEndpoint.AcquireAsync();
        _vhost = await VirtualHost.CreateAsync(_rabbit);
        _gateway = await new InProcessGateway(StackSettings.Merge(_rabbit.Settings(_vhost.Name), ServicesFixture.Instance.S3Settings(_bucket), new Dictionary<string, string?>
        {
            // passive declares: the exact ready count, read every 200 ms
            ["Messaging:RabbitMq:QueueDepthInterval"] = "00:00:00.200",
            ["Tiers:QueuePrefix"] = _prefix,
            ["Auth:RequireKeys"] = "false",
            ["Backpressure:MaxQueuedItemsPerTier"] = MaxQueued.ToString(),
            ["Backpressure:RetryAfterSeconds"] = "11",
            ["Gateway:ResultUrlExpiry"] = "00:02:00",
            ["Logging:LogLevel:Default"] = "Warning",
        })).StartAsync(TimeSpan.FromMinutes(1));
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        if (_vhost is not null)
            await _vhost.DisposeAsync();
        if (_rabbit is not null)
            await _rabbit.DisposeAsync();
        await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, _bucket);
    }

    private async Task<HttpResponseMessage> SubmitAsync()
    {
        using var client = _gateway!.Client();
        return await client.PostAsync("/v1/jobs", E2eImages.Form([("a.png", E2eImages.Framing(E2eImages.Astronaut, 0, 0, 1, 64, 64))]));
    }

    /// <summary>Another producer (e.g. another gateway replica) filling the tier queue directly on the broker.</summary>
    private async Task FillAsync(int messages)
    {
        await using var connection = await _vhost!.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        for (var i = 0; i < messages; i++)
            await channel.BasicPublishAsync("", SmallTierQueue, new ReadOnlyMemory<byte>("{}"u8.ToArray()));
    }

    private async Task PurgeAsync()
    {
        await using var connection = await _vhost!.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueuePurgeAsync(SmallTierQueue);
    }

    /// <summary>Submits until one is answered <paramref name="status"/> (the depth is re-read every 200 ms); generous deadline.</summary>
    private async Task<HttpResponseMessage> SubmitUntilAsync(HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await SubmitAsync();
            if (response.StatusCode == status)
                return response;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still {response.StatusCode} after 30 s: {await response.Content.ReadAsStringAsync()}");
            response.Dispose();
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task A_full_tier_queue_on_the_broker_refuses_submits_with_503_until_it_is_drained()
    {
        await FillAsync(MaxQueued);
        Assert.Equal((uint)MaxQueued, await _vhost!.ReadyCountAsync(SmallTierQueue));
        // Until the gateway has read the full queue (every 200 ms), a submit is admitted against the older reading and
        // would queue a sixth item: wait for the reading first.
        var monitor = _gateway!.Services.GetRequiredService<QueueDepthMonitor>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (monitor.Depth("s")?.Ready != MaxQueued && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var jobsBefore = await _gateway.JobCountAsync();

        using var refused = await SubmitUntilAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("11", refused.Headers.GetValues("Retry-After").Single());
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("backlog_full", problem.GetProperty("reason").GetString());
        Assert.Equal("s", problem.GetProperty("tier").GetString());
        Assert.Equal(MaxQueued, problem.GetProperty("queued").GetInt64());
        Assert.Equal(jobsBefore, await _gateway.JobCountAsync()); // nothing stored
        Assert.Equal((uint)MaxQueued, await _vhost.ReadyCountAsync(SmallTierQueue)); // nothing sent

        await PurgeAsync();
        using var accepted = await SubmitUntilAsync(HttpStatusCode.Accepted);
        Assert.Equal(1u, await _vhost.ReadyCountAsync(SmallTierQueue)); // this job's item, queued for a worker
    }

    [Fact]
    public async Task A_presigned_result_url_lives_Gateway_ResultUrlExpiry()
    {
        using var response = await SubmitUntilAsync(HttpStatusCode.Accepted);
        var job = (await response.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;

        // play the worker: store a result and publish its event on the broker
        var resultKey = JobObjectKeys.Result(job.Id, 0, "png");
        await _gateway!.Store.PutAsync(resultKey, E2eImages.Framing(E2eImages.Astronaut, 0, 0, 1, 64, 64), "image/png");
        await _gateway.Services.GetRequiredService<IBus>().Publish(new ItemCompleted
        {
            EventId = StableIds.ForItem(job.Id, 0), JobId = job.Id, ItemIndex = 0, ResultKey = resultKey, ContentType = "image/png",
            Width = 64, Height = 64, Faces = 0, BatchSize = 1, Device = "cpu", InferenceMs = 1, QueueWaitMs = 1,
            StartedAt = DateTimeOffset.UtcNow, CompletedAt = DateTimeOffset.UtcNow,
        });
        await _gateway.WaitUntilTerminalAsync(job.Id, TimeSpan.FromSeconds(30));

        using var client = _gateway.Client();
        using var redirect = await client.GetAsync($"/v1/jobs/{job.Id}/items/0/result");
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Contains("X-Amz-Expires=120", redirect.Headers.Location!.Query, StringComparison.Ordinal);
        using var s3 = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await s3.GetAsync(redirect.Headers.Location)).StatusCode);
    }
}
