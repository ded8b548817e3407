using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cartoon.Gateway.Tests.Access;

/// <summary>API keys bound to tenants: 401 without a valid key, another tenant's job is 404 on every job route.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private readonly TestKey _acme = TestKey.Mint("acme");
    private readonly TestKey _globex = TestKey.Mint("globex");
    private readonly GatewayApp _app;

    public ApiKeyTests() => _app = new GatewayApp(settings: TestKey.Settings(_acme, _globex));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    private async Task<JobView> SubmitAsync(TestKey key, string? idempotencyKey = null)
    {
        using var client = _app.CreateClient(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = TestImages.Form(("a.png", TestImages.Png())) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
    }

    [Theory]
    [InlineData("/v1/styles")]
    [InlineData("/v1/jobs/0193b5a4-1111-7000-8000-000000000001")]
    public async Task No_key_is_401_missing_api_key(string path)
    {
        using var client = _app.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await ProblemAsync(response);
        Assert.Equal("missing_api_key", problem.GetProperty("reason").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_submit_without_a_key_stores_nothing()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("a.png", TestImages.Png())));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _app.JobCount());
    }

    [Fact]
    public async Task Unknown_or_malformed_keys_are_401_invalid_api_key()
    {
        using var client = _app.CreateClient();
        foreach (var (name, value) in new[] { ("X-Api-Key", _acme.Key + "x"), ("X-Api-Key", " "), ("Authorization", "Bearer ck_not-a-key"), ("Authorization", "Bearer ") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/styles");
            request.Headers.TryAddWithoutValidation(name, value);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_api_key", (await ProblemAsync(response)).GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task A_key_is_accepted_in_X_Api_Key_and_as_a_bearer_token()
    {
        using var header = _app.CreateClient(_acme);
        Assert.Equal(HttpStatusCode.OK, (await header.GetAsync("/v1/styles")).StatusCode);

        using var bearer = _app.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _globex.Key);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/v1/styles")).StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/metrics")]
    public async Task Health_metrics_and_openapi_stay_anonymous(string path)
    {
        using var client = _app.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_declares_the_api_key()
    {
        using var client = _app.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
    }

    [Fact]
    public async Task The_tenant_is_recorded_with_the_job()
    {
        var job = await SubmitAsync(_globex);
        var tenant = await _app.Services.GetRequiredService<JobStore>().TenantOfAsync(job.Id, CancellationToken.None);
        Assert.Equal("globex", tenant);
    }

    [Fact]
    public async Task Another_tenants_job_is_404_on_every_job_route_and_is_left_alone()
    {
        var job = await SubmitAsync(_acme);
        using var other = _app.CreateClient(_globex);
        var unknown = Guid.CreateVersion7();

        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, $"/v1/jobs/{job.Id}"),
                     (HttpMethod.Get, $"/v1/jobs/{job.Id}/items/0/result"),
                     (HttpMethod.Get, $"/v1/jobs/{job.Id}/results.zip"),
                     (HttpMethod.Get, $"/v1/jobs/{job.Id}/events"),
                     (HttpMethod.Post, $"/v1/jobs/{job.Id}/cancel"),
                 })
        {
            using var response = await other.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await ProblemAsync(response);
            Assert.Equal("not_found", problem.GetProperty("reason").GetString());

            // indistinguishable from a job that does not exist
            using var missing = await other.SendAsync(new HttpRequestMessage(method, path.Replace(job.Id.ToString(), unknown.ToString())));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(problem.GetProperty("title").GetString(), (await ProblemAsync(missing)).GetProperty("title").GetString());
        }

        using var owner = _app.CreateClient(_acme);
        var seen = (await owner.GetFromJsonAsync<JobView>($"/v1/jobs/{job.Id}", GatewayApp.Json))!;
        Assert.Equal("queued", seen.Status); // the other tenant's cancel did nothing
        using var result = await owner.GetAsync($"/v1/jobs/{job.Id}/items/0/result");
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode); // the owner reaches the result route: not ready yet
    }

    [Fact]
    public async Task Idempotency_keys_are_scoped_by_tenant()
    {
        var first = await SubmitAsync(_acme, "same-key");
        var second = await SubmitAsync(_globex, "same-key");
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, _app.JobCount());
    }
}

/// <summary>Start-up: open mode says so; keys required without keys, or malformed keys, stop the start.</summary>
public sealed class AuthStartupTests
{
    [Fact]
    public async Task Open_mode_warns_at_start_and_runs_every_request_as_the_default_tenant()
    {
        var logs = new LogCapture();
        await using var app = new GatewayApp(settings: new Dictionary<string, string?> { ["Gateway:TenantId"] = "solo" });
        await using var factory = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("a.png", TestImages.Png())));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        var tenant = await factory.Services.GetRequiredService<JobStore>().TenantOfAsync(job.Id, CancellationToken.None);
        Assert.Equal("solo", tenant);

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("running OPEN", StringComparison.Ordinal));
        Assert.Contains("'solo'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_configured_means_no_open_mode_warning()
    {
        var logs = new LogCapture();
        await using var app = new GatewayApp(settings: TestKey.Settings(TestKey.Mint("acme")));
        await using var factory = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/styles")).StatusCode);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("running OPEN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("true", "Auth:RequireKeys is true but no key is configured")]
    [InlineData(null, "Distributed mode requires API keys")]
    public async Task Required_keys_missing_stop_the_start(string? requireKeys, string message)
    {
        await using var app = new GatewayApp(settings: new Dictionary<string, string?> { ["Auth:RequireKeys"] = requireKeys });
        var error = app.StartupFailure();
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hash", "sha256:ABC", "Auth:Keys:0")]
    [InlineData("Hash", "md5:0123", "Auth:Keys:0")]
    [InlineData("Tenant", "acme corp", "Auth:Keys:0")]
    [InlineData("Id", "acme-key", "used by more than one key")]
    public async Task Malformed_or_duplicate_keys_stop_the_start(string field, string value, string message)
    {
        var settings = TestKey.Settings(TestKey.Mint("acme"), TestKey.Mint("globex"));
        settings[$"Auth:Keys:{(field == "Id" ? 1 : 0)}:{field}"] = value;
        await using var app = new GatewayApp(settings: settings);
        var error = app.StartupFailure();
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_tenant_webhook_secret_stops_the_start()
    {
        var settings = TestKey.With(TestKey.Settings(TestKey.Mint("acme")), ("Auth:Tenants:acme:WebhookSecret", "whsec_short"));
        await using var app = new GatewayApp(settings: settings);
        var error = app.StartupFailure();
        Assert.Contains("Auth:Tenants:acme:WebhookSecret", error.Message, StringComparison.Ordinal);
    }
}
