using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Egress;
using Cartoon.Gateway.Jobs;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// imageUrl inputs through the real gateway against a real HTTP server on loopback: fetched bytes stored as the item's
/// input like an upload; https only and the SSRF guard by default (at submit and at connect, DNS rebinding included);
/// size, time and content checks; each failing URL a rejected part with its reason while the rest of the job goes on.
/// </summary>
public sealed class ImageUrlInputTests : IAsyncLifetime
{
    private ImageServer _server = null!;

    /// <summary>The loopback server is reachable only with the guard's test switches on (http, private networks).</summary>
    private static readonly Dictionary<string, string?> Loopback = new()
    {
        ["ImageUrls:HttpsOnly"] = "false",
        ["ImageUrls:AllowPrivateNetworks"] = "true",
    };

    public async Task InitializeAsync() => _server = await ImageServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Dictionary<string, string?> With(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(Loopback);
        foreach (var (k, v) in extra)
            settings[k] = v;
        return settings;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(HttpClient client, IEnumerable<(string, byte[])> uploads, params string[] urls)
    {
        using var form = TestImages.Form(uploads, urls.Select(u => ("imageUrl", u)).ToArray());
        using var response = await client.PostAsync("/v1/jobs", form);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static JsonElement RejectedAt(JsonElement body, int index) =>
        body.GetProperty("rejected").EnumerateArray().Single(r => r.GetProperty("index").GetInt32() == index);

    [Fact]
    public async Task A_url_input_is_fetched_and_stored_like_an_upload_after_the_uploads()
    {
        var upload = TestImages.Png(64, 48, seed: 1);
        var served = TestImages.Png(80, 60, seed: 2);
        _server.Serve("/photos/face%20one.png", served);
        await using var app = new GatewayApp(settings: Loopback);
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, [("up.png", upload)], _server.Url("/photos/face%20one.png?sig=secret"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        var job = body.Deserialize<JobView>(GatewayApp.Json)!;
        Assert.Equal(2, job.Items.Count);
        Assert.Empty(job.Rejected);
        var fetched = job.Items.Single(i => i.Index == 1);
        Assert.Equal("face one.png", fetched.FileName);
        Assert.Equal(80, fetched.Input.Width);
        Assert.Equal(served, (await app.Store.GetAsync(JobObjectKeys.Input(job.Id, 1)))!.Data);
        Assert.Equal(upload, (await app.Store.GetAsync(JobObjectKeys.Input(job.Id, 0)))!.Data);
    }

    [Fact]
    public async Task A_url_alone_makes_a_job_and_redirects_are_followed()
    {
        var served = TestImages.Png(70, 50, seed: 3);
        _server.Serve("/final.png", served).Redirect("/moved", "/final.png");
        await using var app = new GatewayApp(settings: Loopback);
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, [], _server.Url("/moved"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        var job = body.Deserialize<JobView>(GatewayApp.Json)!;
        Assert.Equal(served, (await app.Store.GetAsync(JobObjectKeys.Input(job.Id, 0)))!.Data);
        Assert.Equal(["/moved", "/final.png"], _server.Hits);
    }

    [Theory]
    [InlineData("https://127.0.0.1/a.png")]
    [InlineData("https://169.254.169.254/latest/meta-data/iam/")]
    [InlineData("https://[::1]/a.png")]
    [InlineData("https://10.0.0.1/a.png")]
    [InlineData("https://192.168.1.10/a.png")]
    [InlineData("https://2130706433/a.png")]
    [InlineData("https://0x7f000001/a.png")]
    [InlineData("https://[::ffff:127.0.0.1]/a.png")]
    [InlineData("https://user:pass@93.184.215.14/a.png")]
    [InlineData("http://93.184.215.14/a.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://93.184.215.14/a.png")]
    [InlineData("not a url")]
    public async Task Ssrf_targets_and_other_schemes_are_refused_per_item_while_the_upload_goes_on(string url)
    {
        await using var app = new GatewayApp();
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, [("ok.png", TestImages.Png())], url);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Single(body.GetProperty("items").EnumerateArray());
        var rejected = RejectedAt(body, 1);
        Assert.Equal("url_rejected", rejected.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(rejected.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Plain_http_is_refused_by_default_with_the_reason()
    {
        _server.Serve("/a.png", TestImages.Png());
        await using var app = new GatewayApp(settings: new Dictionary<string, string?> { ["ImageUrls:AllowPrivateNetworks"] = "true" });
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, [], _server.Url("/a.png"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("url_rejected", body.GetProperty("reason").GetString());
        Assert.Contains("https", RejectedAt(body, 0).GetProperty("message").GetString());
        Assert.Empty(_server.Hits);
    }

    [Fact]
    public async Task A_name_that_rebinds_to_loopback_after_the_submit_check_is_blocked_at_connect()
    {
        _server.Serve("/a.png", TestImages.Png());
        var resolver = new RebindingResolver([IPAddress.Parse("93.184.215.14")], [IPAddress.Loopback]);
        await using var app = new GatewayApp(settings: new Dictionary<string, string?> { ["ImageUrls:HttpsOnly"] = "false" });
        await using var rebinding = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IHostResolver>(resolver)));
        using var client = rebinding.CreateClient();

        var (status, body) = await SubmitAsync(client, [("ok.png", TestImages.Png())], $"http://images.rebind.test:{_server.Port}/a.png");

        Assert.Equal(HttpStatusCode.Accepted, status);
        var rejected = RejectedAt(body, 1);
        Assert.Equal("url_rejected", rejected.GetProperty("reason").GetString());
        Assert.Contains("127.0.0.1", rejected.GetProperty("message").GetString());
        Assert.Equal(2, resolver.Lookups.Count(h => h == "images.rebind.test")); // at submit, then at connect
        Assert.Empty(_server.Hits);
    }

    [Fact]
    public async Task Oversized_bodies_are_cut_off_whether_declared_or_streamed()
    {
        _server.Serve("/declared.png", TestImages.Png(400, 400, seed: 5)).Endless("/endless.png");
        await using var app = new GatewayApp(settings: With(("Uploads:MaxImageBytes", "65536")));
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, [("ok.png", TestImages.Png())], _server.Url("/declared.png"), _server.Url("/endless.png"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True(TestImages.Png(400, 400, seed: 5).Length > 65536);
        Assert.Equal("too_large", RejectedAt(body, 1).GetProperty("reason").GetString());
        Assert.Equal("too_large", RejectedAt(body, 2).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_slow_server_times_out_and_a_missing_image_fails_with_its_status()
    {
        _server.Delay("/slow.png", TimeSpan.FromSeconds(30));
        await using var app = new GatewayApp(settings: With(("ImageUrls:Timeout", "00:00:00.500")));
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, [("ok.png", TestImages.Png())], _server.Url("/slow.png"), _server.Url("/missing.png"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("fetch_timeout", RejectedAt(body, 1).GetProperty("reason").GetString());
        var missing = RejectedAt(body, 2);
        Assert.Equal("fetch_failed", missing.GetProperty("reason").GetString());
        Assert.Contains("404", missing.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Content_is_sniffed_not_trusted_from_the_content_type()
    {
        _server.Serve("/fake.png", TestImages.Text, "image/png").Serve("/real.bin", TestImages.Jpeg(), "application/octet-stream");
        await using var app = new GatewayApp(settings: Loopback);
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, [], _server.Url("/fake.png"), _server.Url("/real.bin"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("unsupported_format", RejectedAt(body, 0).GetProperty("reason").GetString());
        var item = body.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(1, item.GetProperty("index").GetInt32());
        Assert.Equal("jpeg", item.GetProperty("input").GetProperty("format").GetString());
    }

    [Fact]
    public async Task Urls_count_toward_the_image_limit_and_can_be_switched_off()
    {
        await using var capped = new GatewayApp(settings: With(("Uploads:MaxImagesPerJob", "2")));
        using (var client = capped.CreateClient())
        {
            var (status, body) = await SubmitAsync(client, [("a.png", TestImages.Png())], _server.Url("/b.png"), _server.Url("/c.png"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("too_many_images", body.GetProperty("reason").GetString());
        }
        await using var off = new GatewayApp(settings: With(("ImageUrls:Enabled", "false")));
        using (var client = off.CreateClient())
        {
            var (status, body) = await SubmitAsync(client, [("a.png", TestImages.Png())], _server.Url("/b.png"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_options", body.GetProperty("reason").GetString());
        }
        Assert.Empty(_server.Hits);
    }

    [Fact]
    public async Task The_idempotency_fingerprint_covers_the_urls()
    {
        _server.Serve("/a.png", TestImages.Png(60, 40, seed: 7)).Serve("/b.png", TestImages.Png(60, 40, seed: 8));
        await using var app = new GatewayApp(settings: Loopback);
        using var client = app.CreateClient();
        async Task<HttpStatusCode> Send(string url)
        {
            using var form = TestImages.Form([], ("imageUrl", url));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = form };
            request.Headers.Add("Idempotency-Key", "url-key-1");
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Accepted, await Send(_server.Url("/a.png")));
        Assert.Equal(HttpStatusCode.Accepted, await Send(_server.Url("/a.png")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Send(_server.Url("/b.png")));
    }
}
