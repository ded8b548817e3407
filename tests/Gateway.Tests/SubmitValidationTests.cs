using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Tests;

public sealed class SubmitValidationTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new(settings: new Dictionary<string, string?>
    {
        ["Uploads:MaxImagesPerJob"] = "3",
        ["Uploads:MaxImageBytes"] = "65536",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Text_renamed_to_jpg_is_415_unsupported_format_and_nothing_is_stored()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("holiday.jpg", TestImages.Text)));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal("unsupported_format", problem.GetProperty("reason").GetString());
        var part = Assert.Single(problem.GetProperty("rejected").EnumerateArray());
        Assert.Equal(0, part.GetProperty("index").GetInt32());
        Assert.Equal("holiday.jpg", part.GetProperty("fileName").GetString());
        Assert.Equal("unsupported_format", part.GetProperty("reason").GetString());
        Assert.Equal(0, _app.JobCount());
    }

    [Fact]
    public async Task Too_many_images_is_400_too_many_images()
    {
        using var client = _app.CreateClient();
        var images = Enumerable.Range(0, 4).Select(i => ($"{i}.png", TestImages.Png(seed: i))).ToArray();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(images));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal("too_many_images", problem.GetProperty("reason").GetString());
        Assert.Equal(3, problem.GetProperty("maxImages").GetInt32());
        Assert.Equal(0, _app.JobCount());
    }

    [Theory]
    [InlineData("style", "pixar")]
    [InlineData("strength", "1.5")]
    [InlineData("strength", "-0.1")]
    [InlineData("strength", "abc")]
    [InlineData("format", "bmp")]
    [InlineData("format", "mov")]
    [InlineData("quality", "0")]
    [InlineData("quality", "101")]
    [InlineData("maxSide", "10")]
    [InlineData("maxSide", "99999")]
    [InlineData("webhookEvents", "completed")]
    [InlineData("detail", "ultra")]
    public async Task Bad_options_are_400_invalid_options(string field, string value)
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([("a.png", TestImages.Png())], (field, value)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal("invalid_options", problem.GetProperty("reason").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}");
        Assert.Equal(0, _app.JobCount());
    }

    [Fact]
    public async Task Unknown_webhook_event_is_invalid_options()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([("a.png", TestImages.Png())],
            ("webhook", "https://93.184.215.14/hook"), ("webhookEvents", "completed,started")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_options", (await ProblemOf(response)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Mixed_valid_and_invalid_parts_is_202_with_the_rejected_list()
    {
        using var client = _app.CreateClient();
        var big = TestImages.Png(400, 400, seed: 9);
        Assert.True(big.Length > 65536);
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([
            ("ok-1.png", TestImages.Png(seed: 1)),
            ("notes.jpg", TestImages.Text),
            ("ok-2.jpg", TestImages.Jpeg()),
            ("broken.png", TestImages.CorruptPng),
            ("empty.png", []),
            ("huge.png", big),
        ], ("style", "sketch"), ("strength", "0.7"), ("format", "webp"), ("quality", "80"), ("maxSide", "512"), ("detail", "High")));
        // 6 parts exceed MaxImagesPerJob = 3: count is checked on parts, so use a roomier app for this one.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        await using var roomy = new GatewayApp(settings: new Dictionary<string, string?> { ["Uploads:MaxImageBytes"] = "65536" });
        using var roomyClient = roomy.CreateClient();
        using var accepted = await roomyClient.PostAsync("/v1/jobs", TestImages.Form([
            ("ok-1.png", TestImages.Png(seed: 1)),
            ("notes.jpg", TestImages.Text),
            ("ok-2.jpg", TestImages.Jpeg()),
            ("broken.png", TestImages.CorruptPng),
            ("empty.png", []),
            ("huge.png", big),
        ], ("style", "sketch"), ("strength", "0.7"), ("format", "webp"), ("quality", "80"), ("maxSide", "512"), ("detail", "High")));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = (await accepted.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        Assert.Equal(accepted.Headers.Location!.ToString(), job.Links.Self);
        Assert.Equal("queued", job.Status);
        Assert.Equal([0, 2], job.Items.Select(i => i.Index));
        Assert.Equal(["ok-1.png", "ok-2.jpg"], job.Items.Select(i => i.FileName!));
        Assert.Equal(new JobParameters("sketch", 0.7f, 512, "webp", 80, "high"), job.Parameters);
        Assert.Equal(
            [(1, "notes.jpg", "unsupported_format"), (3, "broken.png", "invalid_image"), (4, "empty.png", "empty"), (5, "huge.png", "too_large")],
            job.Rejected.Select(r => (r.Index, r.FileName!, r.Reason)));
        Assert.All(job.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        Assert.Equal(2, job.Progress.Total);
        Assert.Equal(2, job.Links.Results.Count);

        // The rejected parts stay visible in the job's status; a rejected index has no result.
        var again = await roomy.GetJobAsync(job.Id);
        Assert.Equal(4, again.Rejected.Count);
        using var rejectedResult = await roomyClient.GetAsync($"/v1/jobs/{job.Id}/items/1/result");
        Assert.Equal(HttpStatusCode.NotFound, rejectedResult.StatusCode);
    }

    [Fact]
    public async Task All_parts_invalid_with_mixed_reasons_is_400_no_valid_images_listing_each()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("a.jpg", TestImages.Text), ("b.png", TestImages.CorruptPng)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal("no_valid_images", problem.GetProperty("reason").GetString());
        Assert.Equal(2, problem.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task Oversized_single_image_is_413_too_large()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("huge.png", TestImages.Png(400, 400, seed: 9))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("too_large", (await ProblemOf(response)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Not_multipart_is_415_and_no_images_is_400()
    {
        using var client = _app.CreateClient();
        using var json = await client.PostAsJsonAsync("/v1/jobs", new { style = "anime" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("unsupported_media_type", (await ProblemOf(json)).GetProperty("reason").GetString());

        using var none = await client.PostAsync("/v1/jobs", TestImages.Form([], ("style", "anime")));
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("no_images", (await ProblemOf(none)).GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://2130706433/")]
    [InlineData("ftp://93.184.215.14/")]
    public async Task Non_public_webhook_is_400_webhook_rejected(string url)
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([("a.png", TestImages.Png())], ("webhook", url)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("webhook_rejected", (await ProblemOf(response)).GetProperty("reason").GetString());
        Assert.Equal(0, _app.JobCount());
    }

    [Fact]
    public async Task Request_over_the_total_cap_is_413_request_too_large()
    {
        await using var small = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Uploads:MaxRequestBytes"] = "20000",
            ["Uploads:MaxImageBytes"] = "20000",
        });
        using var client = small.CreateClient();
        var images = Enumerable.Range(0, 4).Select(i => ($"{i}.png", TestImages.Png(60, 60, seed: i))).ToArray();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(images));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await ProblemOf(response)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Styles_openapi_docs_and_health_are_served()
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var styles = await client.GetFromJsonAsync<JsonElement>("/v1/styles");
        Assert.Equal(["3d", "anime", "artstyle", "design", "handdrawn", "illustration", "sketch"],
            styles.GetProperty("styles").EnumerateArray().Select(s => s.GetString()!));
        Assert.Equal("anime", styles.GetProperty("default").GetString());

        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/items/{index}/result", "/v1/jobs/{id}/cancel", "/v1/styles" })
            Assert.True(paths.TryGetProperty(path, out _), path);

        using var docs = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        using var missing = await client.GetAsync($"/v1/jobs/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not_found", (await ProblemOf(missing)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Detail_high_items_go_to_the_high_detail_tier_and_standard_ones_to_their_size_tier()
    {
        using var client = _app.CreateClient();
        var photo = TestImages.Jpeg(200, 150);
        using var high = await client.PostAsync("/v1/jobs", TestImages.Form([("a.jpg", photo)], ("detail", "high")));
        using var standard = await client.PostAsync("/v1/jobs", TestImages.Form([("a.jpg", photo)]));
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (high.StatusCode, standard.StatusCode));

        var highJob = (await high.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        var standardJob = (await standard.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        Assert.Equal(("high", "hd"), (highJob.Parameters.Detail, highJob.Items[0].Tier));
        Assert.Equal(("standard", "s"), (standardJob.Parameters.Detail, standardJob.Items[0].Tier));
    }
}
