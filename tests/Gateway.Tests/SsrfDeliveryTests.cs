using System.Net;
using System.Net.Http.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Egress;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Webhooks;
using Cartoon.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// The SSRF guard end to end through the real gateway: a name that resolves to a public address at submit and to
/// loopback when the webhook is sent (DNS rebinding) is stopped at connect time with the reason in the delivery's
/// attempt; a 302 to an internal address is never followed; names resolving to any non-public range are refused at submit.
/// </summary>
public sealed class SsrfDeliveryTests
{
    private static async Task<JobView> SubmitAsync(HttpClient client, string webhook)
    {
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([("a.png", TestImages.Png())], ("webhook", webhook)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
    }

    private static async Task CompleteAsync(GatewayApp app, Guid jobId)
    {
        await app.Store.PutAsync(JobObjectKeys.Result(jobId, 0, "png"), TestImages.Png(), "image/png");
        await app.Bus.Publish(Events.Completed(jobId, 0));
    }

    [Fact]
    public async Task Dns_rebinding_after_submit_is_blocked_at_connect_time_and_the_attempt_records_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = new Uri(receiver.BaseUrl).Port;
        var resolver = new RebindingResolver([IPAddress.Parse("93.184.215.14")], [IPAddress.Loopback]);
        await using var app = new GatewayApp(settings: new Dictionary<string, string?> { ["Webhooks:RetrySchedule:0"] = "00:00:00.200" });
        await using var rebinding = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IHostResolver>(resolver)));
        _ = rebinding.Server;
        using var client = rebinding.CreateClient();

        var job = await SubmitAsync(client, $"http://hooks.rebind.test:{port}/hook");
        var store = rebinding.Services.GetRequiredService<IBlobStore>();
        await store.PutAsync(JobObjectKeys.Result(job.Id, 0, "png"), TestImages.Png(), "image/png");
        await rebinding.Services.GetRequiredService<MassTransit.IBus>().Publish(Events.Completed(job.Id, 0));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        WebhookDeliveryView? delivery = null;
        while (DateTime.UtcNow < deadline)
        {
            var view = (await client.GetFromJsonAsync<JobView>($"/v1/jobs/{job.Id}", GatewayApp.Json))!;
            delivery = view.Webhook?.Deliveries.SingleOrDefault();
            if (delivery is { Attempts.Count: > 0 } && delivery.Status != "pending")
                break;
            await Task.Delay(100);
        }

        Assert.NotNull(delivery);
        var attempt = delivery.Attempts[0];
        Assert.Null(attempt.StatusCode);
        Assert.Contains("127.0.0.1", attempt.Error);
        Assert.Contains("loopback", attempt.Error);
        Assert.NotEqual("delivered", delivery.Status);
        Assert.True(resolver.Lookups.Count >= 2, "the host must be resolved again at send time");
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_302_to_an_internal_address_is_not_followed()
    {
        // The first hop is allowed (a listener on loopback needs AllowPrivateNetworks); the redirect target is
        // 127.0.0.1/other on the same listener, and must never be requested.
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => 302;
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:RetrySchedule:0"] = "00:00:00.200",
        });
        using var client = app.CreateClient();
        var job = await SubmitAsync(client, receiver.Url);
        await CompleteAsync(app, job.Id);

        var view = await app.WaitForAsync(job.Id, j => j.Webhook?.Deliveries.SingleOrDefault()?.Attempts.Count >= 2, TimeSpan.FromSeconds(30));
        var attempts = view.Webhook!.Deliveries.Single().Attempts;
        Assert.All(attempts, a =>
        {
            Assert.Equal(302, a.StatusCode);
            Assert.Contains("not followed", a.Error);
            Assert.Contains($"{receiver.BaseUrl}/other", a.Error);
        });
        Assert.Equal(0, receiver.OtherHits);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fdff:ffff::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public async Task A_name_resolving_to_a_non_public_address_is_refused_at_submit(string address)
    {
        var resolver = new RebindingResolver([IPAddress.Parse(address)], [IPAddress.Parse(address)]);
        var why = await new UrlGuard(resolver).ValidateAsync("https://hooks.internal.test/hook", new WebhookOptions().Egress, CancellationToken.None);
        Assert.NotNull(why);
        Assert.Contains("non-public", why);
        Assert.Equal(["hooks.internal.test"], resolver.Lookups);
    }

    [Fact]
    public async Task A_name_with_one_public_and_one_private_answer_is_refused()
    {
        var resolver = new RebindingResolver([IPAddress.Parse("93.184.215.14"), IPAddress.Parse("10.0.0.7")], []);
        Assert.NotNull(await new UrlGuard(resolver).ValidateAsync("https://mixed.test/hook", new WebhookOptions().Egress, CancellationToken.None));
    }

    [Fact]
    public async Task The_gateway_refuses_at_submit_a_name_resolving_to_cloud_metadata()
    {
        var resolver = new RebindingResolver([IPAddress.Parse("169.254.169.254")], [IPAddress.Parse("169.254.169.254")]);
        await using var app = new GatewayApp();
        await using var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IHostResolver>(resolver)));
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([("a.png", TestImages.Png())], ("webhook", "https://metadata.test/latest")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("webhook_rejected", problem.GetProperty("reason").GetString());
        Assert.Contains("169.254", problem.GetProperty("detail").GetString());
    }
}
