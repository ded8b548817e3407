using System.Net;
using System.Net.Http.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Webhooks;
using MassTransit;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Gateway.Tests.Access;

/// <summary>Each tenant's webhooks are signed with its own secret (Auth:Tenants:{id}:WebhookSecret), else Webhooks:Secret.</summary>
public sealed class TenantWebhookTests
{
    private const string AcmeSecret = "whsec_YWNtZS1vbmx5LXdlYmhvb2stc2VjcmV0LTAwMDAwMQ==";

    private static bool Verifies(string secret, ReceivedWebhook hook) =>
        hook.Signature.Split(' ').Contains(WebhookSigner.Sign(WebhookSigner.DecodeSecret(secret), hook.Id, long.Parse(hook.Timestamp), hook.Body));

    [Fact]
    public async Task A_tenants_webhook_verifies_with_its_secret_and_not_with_another()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var acme = TestKey.Mint("acme");
        var globex = TestKey.Mint("globex");
        var settings = TestKey.With(TestKey.Settings(acme, globex),
            ("Auth:Tenants:acme:WebhookSecret", AcmeSecret), ("Webhooks:AllowPrivateNetworks", "true"));
        await using var app = new GatewayApp(settings: settings);

        var hooks = new Dictionary<string, ReceivedWebhook>();
        foreach (var key in new[] { acme, globex })
        {
            using var client = app.CreateClient(key);
            using var response = await client.PostAsync("/v1/jobs", TestImages.Form([("a.png", TestImages.Png())], ("webhook", receiver.Url)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var job = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
            await app.Store.PutAsync(JobObjectKeys.Result(job.Id, 0, "png"), TestImages.Png(), "image/png");
            await app.Bus.Publish(Events.Completed(job.Id, 0));
            var received = await receiver.WaitForAsync(hooks.Count + 1);
            hooks[key.Tenant] = received.Single(h => !hooks.Values.Contains(h));
        }

        Assert.True(Verifies(AcmeSecret, hooks["acme"]));
        Assert.False(Verifies(GatewayApp.Secret, hooks["acme"]));
        Assert.True(Verifies(GatewayApp.Secret, hooks["globex"])); // no secret of its own: Webhooks:Secret
        Assert.False(Verifies(AcmeSecret, hooks["globex"]));
    }

    [Fact]
    public async Task A_tenant_with_its_own_secret_may_ask_for_webhooks_when_no_default_secret_is_set()
    {
        var acme = TestKey.Mint("acme");
        var globex = TestKey.Mint("globex");
        var settings = TestKey.With(TestKey.Settings(acme, globex),
            ("Auth:Tenants:acme:WebhookSecret", AcmeSecret), ("Webhooks:Secret", null), ("Webhooks:AllowPrivateNetworks", "true"));
        await using var app = new GatewayApp(settings: settings);

        using var acmeClient = app.CreateClient(acme);
        using var accepted = await acmeClient.PostAsync("/v1/jobs", TestImages.Form([("a.png", TestImages.Png())], ("webhook", "http://127.0.0.1:9/hook")));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        using var globexClient = app.CreateClient(globex);
        using var refused = await globexClient.PostAsync("/v1/jobs", TestImages.Form([("a.png", TestImages.Png())], ("webhook", "http://127.0.0.1:9/hook")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("webhook_rejected", (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reason").GetString());
    }
}
