using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Endpoints;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Tests;

public sealed class ResultsZipTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_zip_holds_each_succeeded_result_under_its_uploaded_name_deduplicated_and_sanitised()
    {
        using var client = _app.CreateClient();
        var names = new[] { "me.png", "me.png", "we:ird*.png", "failed.png" };
        using var response = await client.PostAsync("/v1/jobs",
            TestImages.Form(names.Select((n, i) => (n, TestImages.Png(64 + i, 48, seed: i)))));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;

        using (var early = await client.GetAsync($"/v1/jobs/{job.Id}/results.zip"))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Equal("not_ready", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        }

        var results = new Dictionary<int, byte[]>();
        for (var i = 0; i < 3; i++)
        {
            results[i] = TestImages.Png(10 + i, 10, seed: 40 + i);
            await _app.Store.PutAsync(JobObjectKeys.Result(job.Id, i, "png"), results[i], "image/png");
            await _app.Bus.Publish(Events.Completed(job.Id, i));
        }
        await _app.Bus.Publish(Events.Failed(job.Id, 3, "invalid_image", "The image could not be decoded."));
        await _app.WaitForAsync(job.Id, j => j.Progress.Done == 4);

        using var zip = await client.GetAsync($"/v1/jobs/{job.Id}/results.zip");
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"cartoon-{job.Id:N}.zip", zip.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using var archive = new ZipArchive(new MemoryStream(await zip.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(["me.png", "me (2).png", "we_ird_.png"], archive.Entries.Select(e => e.FullName));
        for (var i = 0; i < 3; i++)
        {
            using var entry = archive.Entries[i].Open();
            using var bytes = new MemoryStream();
            await entry.CopyToAsync(bytes);
            Assert.Equal(results[i], bytes.ToArray());
        }
    }

    [Fact]
    public async Task A_finished_job_without_any_result_answers_no_result_and_an_unknown_job_not_found()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("a.png", TestImages.Png())));
        var job = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        await _app.Bus.Publish(Events.Failed(job.Id, 0, "invalid_image", "The image could not be decoded."));
        await _app.WaitForAsync(job.Id, j => j.Status == JobStatuses.Failed);

        using var none = await client.GetAsync($"/v1/jobs/{job.Id}/results.zip");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("no_result", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        using var unknown = await client.GetAsync($"/v1/jobs/{Guid.NewGuid()}/results.zip");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }
}

public sealed class ResultArchiveNamesTests
{
    [Theory]
    [InlineData("portrait.jpg", "png", "portrait.png")]
    [InlineData(@"C:\Users\me\Pictures\holiday.JPG", "webp", "holiday.webp")]
    [InlineData("../../etc/passwd", "png", "passwd.png")]
    [InlineData("..hidden.png", "png", "hidden.png")]
    [InlineData("tab\tand\u0000nul.png", "jpeg", "tab_and_nul.jpeg")]
    [InlineData("", "png", "item-7.png")]
    [InlineData(null, "png", "item-7.png")]
    [InlineData("...", "png", "item-7.png")]
    public void A_name_keeps_the_uploaded_stem_safe_with_the_output_extension(string? uploaded, string extension, string expected) =>
        Assert.Equal(expected, new ResultArchiveNames().Next(uploaded, 7, extension));

    [Fact]
    public void Repeated_names_are_numbered_case_insensitively()
    {
        var names = new ResultArchiveNames();
        Assert.Equal(["a.png", "A (2).png", "a (3).png", "item-3.png"],
            new[] { names.Next("a.jpg", 0, "png"), names.Next("A.png", 1, "png"), names.Next("a.webp", 2, "png"), names.Next(null, 3, "png") });
    }

    [Fact]
    public void A_very_long_name_is_cut()
    {
        var name = new ResultArchiveNames().Next(new string('x', 300) + ".png", 0, "png");
        Assert.Equal(104, name.Length);
    }
}
