using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cartoon.Gateway.Tests.Access;

/// <summary>Per-key token buckets: 429 rate_limited with Retry-After; keys and submit/read budgets are independent.</summary>
public sealed class RateLimitTests
{
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client) =>
        await client.PostAsync("/v1/jobs", TestImages.Form(("a.png", TestImages.Png())));

    [Fact]
    public async Task A_key_over_its_submit_limit_gets_429_with_Retry_After_and_other_keys_do_not()
    {
        var limited = TestKey.Mint("acme");
        var other = TestKey.Mint("globex");
        var settings = TestKey.With(TestKey.Settings(limited, other),
            ("Auth:Keys:0:SubmitLimit:PermitLimit", "2"), ("Auth:Keys:0:SubmitLimit:Window", "01:00:00"));
        await using var app = new GatewayApp(settings: settings);
        using var client = app.CreateClient(limited);

        Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(client)).StatusCode);
        using var refused = await SubmitAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // 2 permits per hour: the next one comes back in about 30 minutes
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 60, 1800);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate_limited", problem.GetProperty("reason").GetString());
        Assert.Equal(retryAfter, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(2, app.JobCount()); // nothing stored for the refused submit
        Assert.True(await Metrics.CounterAsync(app, "cartoon_requests_rejected_total", "reason=\"rate_limited\"") >= 1);

        // reads have their own budget, and the other key its own bucket
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/styles")).StatusCode);
        using var otherClient = app.CreateClient(other);
        Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(otherClient)).StatusCode);
    }

    [Fact]
    public async Task Reads_are_limited_by_RateLimits_Read()
    {
        var key = TestKey.Mint("acme");
        var settings = TestKey.With(TestKey.Settings(key), ("RateLimits:Read:PermitLimit", "3"), ("RateLimits:Read:Window", "00:10:00"));
        await using var app = new GatewayApp(settings: settings);
        using var client = app.CreateClient(key);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/styles")).StatusCode);
        using var refused = await client.GetAsync("/v1/styles");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        // the submit budget is separate
        Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(client)).StatusCode);
    }

    [Fact]
    public async Task Open_mode_limits_by_remote_address_and_Enabled_false_turns_limits_off()
    {
        var tight = new Dictionary<string, string?> { ["RateLimits:Submit:PermitLimit"] = "1", ["RateLimits:Submit:Window"] = "01:00:00" };
        await using (var app = new GatewayApp(settings: tight))
        {
            using var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(client)).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await SubmitAsync(client)).StatusCode);
        }

        tight["RateLimits:Enabled"] = "false";
        await using (var app = new GatewayApp(settings: tight))
        {
            using var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(client)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await SubmitAsync(client)).StatusCode);
        }
    }

    [Theory]
    [InlineData(60, 60, 1, 1)]
    [InlineData(1200, 60, 1, 20)]
    [InlineData(2, 3600, 1800, 1)]
    public void Buckets_refill_in_steps_of_at_least_a_second(int permits, int windowSeconds, int stepSeconds, int tokensPerStep)
    {
        var bucket = Extensions.RateLimitExtensions.Bucket(new Auth.RateLimitRule { PermitLimit = permits, Window = TimeSpan.FromSeconds(windowSeconds) });
        Assert.Equal(permits, bucket.TokenLimit);
        Assert.Equal(TimeSpan.FromSeconds(stepSeconds), bucket.ReplenishmentPeriod);
        Assert.Equal(tokensPerStep, bucket.TokensPerPeriod);
        Assert.Equal(0, bucket.QueueLimit);
    }
}
