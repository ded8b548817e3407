using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Webhooks;
using MassTransit;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Gateway.Tests;

/// <summary>Deliveries to a real listener on 127.0.0.1: AllowPrivateNetworks is on for these tests only.</summary>
public sealed class WebhookDeliveryTests
{
    private static Dictionary<string, string?> Settings(params string[] schedule)
    {
        var settings = new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "true" };
        for (var i = 0; i < schedule.Length; i++)
            settings[$"Webhooks:RetrySchedule:{i}"] = schedule[i];
        return settings;
    }

    private static async Task<JobView> SubmitAsync(GatewayApp app, string webhook, string events, int images = 1)
    {
        using var client = app.CreateClient();
        var parts = Enumerable.Range(0, images).Select(i => ($"p{i}.png", TestImages.Png(seed: i))).ToArray();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(parts, ("webhook", webhook), ("webhookEvents", events)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
    }

    private static async Task CompleteAsync(GatewayApp app, Guid jobId, int index)
    {
        await app.Store.PutAsync(JobObjectKeys.Result(jobId, index, "png"), TestImages.Png(), "image/png");
        await app.Bus.Publish(Events.Completed(jobId, index));
    }

    private static void AssertSigned(ReceivedWebhook hook)
    {
        var timestamp = long.Parse(hook.Timestamp);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, -5, 60);
        var expected = WebhookSigner.Sign(WebhookSigner.DecodeSecret(GatewayApp.Secret), hook.Id, timestamp, hook.Body);
        Assert.Contains(expected, hook.Signature.Split(' '));
    }

    [Fact]
    public async Task Item_started_is_sent_once_per_item_when_a_worker_takes_it_whatever_stages_follow()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new GatewayApp(settings: Settings("00:00:00.200"));
        var job = await SubmitAsync(app, receiver.Url, "item.started", images: 2);

        await app.Bus.Publish(Events.Staged(job.Id, ItemStages.Fetching, [0]));
        await app.Bus.Publish(Events.Staged(job.Id, ItemStages.Fetching, [0])); // redelivered
        await app.Bus.Publish(Events.Staged(job.Id, ItemStages.Decoding, [0, 1]));
        var hooks = await receiver.WaitForAsync(2);
        await CompleteAsync(app, job.Id, 0);
        await CompleteAsync(app, job.Id, 1);
        await app.WaitForAsync(job.Id, j => j.Status == JobStatuses.Succeeded);
        await Task.Delay(500);

        Assert.Equal(2, receiver.Received.Count); // nothing for the other stages, the outcomes or the completion
        Assert.All(hooks, AssertSigned);
        var byItem = hooks.ToDictionary(h => JsonDocument.Parse(h.Body).RootElement.GetProperty("data").GetProperty("item").GetProperty("index").GetInt32());
        Assert.Equal([0, 1], byItem.Keys.Order());
        foreach (var (index, hook) in byItem)
        {
            var body = JsonDocument.Parse(hook.Body).RootElement;
            Assert.Equal("item.started", body.GetProperty("type").GetString());
            Assert.Equal(WebhookOutbox.DeliveryId(StableIds.ForItemStarted(job.Id, index)), hook.Id);
            Assert.Equal("processing", body.GetProperty("data").GetProperty("item").GetProperty("status").GetString());
        }
        // The item as it stood when its first stage was applied (a batch may hold its next ones too).
        Assert.All(byItem.Values, h => Assert.Contains(
            JsonDocument.Parse(h.Body).RootElement.GetProperty("data").GetProperty("item").GetProperty("stage").GetString(), ItemStages.Running));
    }

    [Fact]
    public async Task Events_are_filtered_signed_and_recorded_in_the_job_status()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new GatewayApp(settings: Settings("00:00:00.200"));
        var job = await SubmitAsync(app, receiver.Url, "completed,item.failed", images: 2);

        await CompleteAsync(app, job.Id, 0);
        await app.Bus.Publish(Events.Failed(job.Id, 1, "invalid_image", "cannot decode"));
        var hooks = await receiver.WaitForAsync(2);
        await Task.Delay(300);
        Assert.Equal(2, receiver.Received.Count);

        var itemFailed = hooks.Single(h => JsonDocument.Parse(h.Body).RootElement.GetProperty("type").GetString() == "item.failed");
        var completed = hooks.Single(h => JsonDocument.Parse(h.Body).RootElement.GetProperty("type").GetString() == "completed");
        AssertSigned(itemFailed);
        AssertSigned(completed);
        Assert.Equal(WebhookOutbox.DeliveryId(StableIds.ForItem(job.Id, 1)), itemFailed.Id);
        Assert.Equal(WebhookOutbox.DeliveryId(StableIds.ForJobCompleted(job.Id)), completed.Id);

        var data = JsonDocument.Parse(completed.Body).RootElement.GetProperty("data");
        Assert.Equal(job.Id, data.GetProperty("id").GetGuid());
        Assert.Equal("succeeded", data.GetProperty("status").GetString());
        Assert.Equal(1, data.GetProperty("failedItems").GetInt32());
        var item = JsonDocument.Parse(itemFailed.Body).RootElement.GetProperty("data").GetProperty("item");
        Assert.Equal("invalid_image", item.GetProperty("reason").GetString());

        var status = await app.WaitForAsync(job.Id, j => j.Webhook!.Deliveries.Count == 2 && j.Webhook.Deliveries.All(d => d.Status == "delivered"));
        Assert.All(status.Webhook!.Deliveries, d => Assert.Equal(200, Assert.Single(d.Attempts).StatusCode));
        Assert.Equal(["completed", "item.failed"], status.Webhook.Events);
    }

    [Fact]
    public async Task Failures_are_retried_on_the_schedule_with_the_same_id_and_body()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = n => n < 3 ? 500 : 200;
        await using var app = new GatewayApp(settings: Settings("00:00:00.300", "00:00:00.600", "00:00:00.300"));
        var job = await SubmitAsync(app, receiver.Url, "completed");
        await CompleteAsync(app, job.Id, 0);

        var hooks = await receiver.WaitForAsync(3);
        Assert.Single(hooks.Select(h => h.Id).Distinct());
        Assert.Single(hooks.Select(h => h.Body).Distinct());
        Assert.True(hooks[1].At - hooks[0].At >= TimeSpan.FromMilliseconds(280), $"first retry after {hooks[1].At - hooks[0].At}");
        Assert.True(hooks[2].At - hooks[1].At >= TimeSpan.FromMilliseconds(580), $"second retry after {hooks[2].At - hooks[1].At}");
        hooks.ToList().ForEach(AssertSigned);

        var status = await app.WaitForAsync(job.Id, j => j.Webhook!.Deliveries.SingleOrDefault()?.Status == "delivered");
        var delivery = status.Webhook!.Deliveries.Single();
        Assert.Equal([500, 500, 200], delivery.Attempts.Select(a => a.StatusCode));
        Assert.Equal([1, 2, 3], delivery.Attempts.Select(a => a.Number));
        Assert.Null(delivery.NextAttemptAt);
        Assert.Empty(await ListPendingAsync(app));
    }

    [Fact]
    public async Task Gives_up_after_the_last_scheduled_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => 503;
        await using var app = new GatewayApp(settings: Settings("00:00:00.100", "00:00:00.100"));
        var job = await SubmitAsync(app, receiver.Url, "completed");
        await CompleteAsync(app, job.Id, 0);

        var status = await app.WaitForAsync(job.Id, j => j.Webhook!.Deliveries.SingleOrDefault()?.Status == "failed");
        Assert.Equal(3, status.Webhook!.Deliveries.Single().Attempts.Count);
        await Task.Delay(400);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task Gone_disables_the_webhook_for_the_job()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => 410;
        await using var app = new GatewayApp(settings: Settings("00:00:00.100"));
        var job = await SubmitAsync(app, receiver.Url, "item.completed,completed", images: 2);

        await CompleteAsync(app, job.Id, 0);
        // The job's webhook is marked disabled just before the delivery itself is saved: wait for both.
        var disabled = await app.WaitForAsync(job.Id, j => j.Webhook!.Disabled && j.Webhook.Deliveries.All(d => d.Status != "pending"));
        Assert.Equal("disabled", disabled.Webhook!.Deliveries.Single().Status);
        Assert.Contains("410", disabled.Webhook.DisabledReason);

        await CompleteAsync(app, job.Id, 1);
        await app.WaitForAsync(job.Id, j => j.Status == "succeeded");
        await Task.Delay(500);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Redirects_are_not_followed_and_count_as_failures()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => 302;
        await using var app = new GatewayApp(settings: Settings("00:00:00.100"));
        var job = await SubmitAsync(app, receiver.Url, "completed");
        await CompleteAsync(app, job.Id, 0);

        var status = await app.WaitForAsync(job.Id, j => j.Webhook!.Deliveries.SingleOrDefault()?.Status == "failed");
        Assert.All(status.Webhook!.Deliveries.Single().Attempts, a =>
        {
            Assert.Equal(302, a.StatusCode);
            Assert.Contains("redirect", a.Error);
        });
        Assert.Equal(0, receiver.OtherHits);
    }

    [Fact]
    public async Task Pending_deliveries_survive_a_gateway_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => 503;
        var root = Path.Combine(Path.GetTempPath(), "cartoon-gw-tests", Guid.NewGuid().ToString("N"));
        Guid jobId;
        await using (var first = new GatewayApp(root, Settings("00:00:02", "00:00:02")))
        {
            var job = await SubmitAsync(first, receiver.Url, "completed");
            jobId = job.Id;
            await CompleteAsync(first, job.Id, 0);
            await receiver.WaitForAsync(1);
            // A new delivery already has NextAttemptAt (= now): wait for the recorded attempt, or the gateway may stop
            // between the receiver's answer and the record, and the restarted one starts from zero attempts.
            await first.WaitForAsync(job.Id, j => j.Webhook!.Deliveries.SingleOrDefault()?.Attempts.Count == 1);
            Assert.Single(await ListPendingAsync(first));
        }

        receiver.Respond = _ => 204;
        await using var second = new GatewayApp(root, Settings("00:00:02", "00:00:02")).Start();
        var hooks = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(20));
        Assert.Equal(hooks[0].Id, hooks[1].Id);
        Assert.Equal(hooks[0].Body, hooks[1].Body);
        var status = await second.WaitForAsync(jobId, j => j.Webhook!.Deliveries.SingleOrDefault()?.Status == "delivered");
        Assert.Equal([503, 204], status.Webhook!.Deliveries.Single().Attempts.Select(a => a.StatusCode));
        Assert.Empty(await ListPendingAsync(second));
    }

    [Fact]
    public async Task The_connect_time_guard_blocks_a_stored_delivery_to_loopback_when_private_networks_are_off()
    {
        // The submit-time check is passed with the test switch on; after a "restart" without it, the address is
        // checked again at connect time and the attempt fails without reaching the listener.
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => 503;
        var root = Path.Combine(Path.GetTempPath(), "cartoon-gw-tests", Guid.NewGuid().ToString("N"));
        Guid jobId;
        await using (var first = new GatewayApp(root, Settings("00:00:01", "00:00:01")))
        {
            var job = await SubmitAsync(first, receiver.Url, "completed");
            jobId = job.Id;
            await CompleteAsync(first, job.Id, 0);
            await receiver.WaitForAsync(1);
            // A new delivery already has NextAttemptAt (= now): wait for the recorded attempt, or the gateway may stop
            // between the receiver's answer and the record, and the restarted one starts from zero attempts.
            await first.WaitForAsync(job.Id, j => j.Webhook!.Deliveries.SingleOrDefault()?.Attempts.Count == 1);
        }

        await using var guarded = new GatewayApp(root, new Dictionary<string, string?>
        {
            ["Webhooks:RetrySchedule:0"] = "00:00:01",
            ["Webhooks:RetrySchedule:1"] = "00:00:01",
        });
        var status = await guarded.WaitForAsync(jobId, j => j.Webhook!.Deliveries.SingleOrDefault()?.Attempts.Count >= 2, TimeSpan.FromSeconds(20));
        var blocked = status.Webhook!.Deliveries.Single().Attempts[1];
        Assert.Null(blocked.StatusCode);
        Assert.Contains("loopback", blocked.Error);
        Assert.Single(receiver.Received);
    }

    private static async Task<List<string>> ListPendingAsync(GatewayApp app)
    {
        await using var ctx = app.Services.GetRequiredService<Cartoon.Database.CartoonDb>().Create();
        return await ctx.WebhookDeliveries.Where(d => d.Status == DeliveryStatuses.Pending).Select(d => d.Id).ToListAsync();
    }
}
