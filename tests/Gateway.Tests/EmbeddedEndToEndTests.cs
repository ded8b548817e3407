using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Engine.Inference;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Webhooks;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Cartoon.Tests.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Gateway.Tests;

public static class RealEngine
{
    public static string? ModelsDirectory()
    {
        try
        {
            return ModelLocator.Resolve(null);
        }
        catch (Exception)
        {
            return null;
        }
    }

    public static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "samples", name);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException(name);
    }

}

/// <summary>
/// Gateway + engine end to end on CPU: 3 images, one corrupt past its header (it passes the submit-time probe, the
/// worker's decode fails) → 2 results that decode, 1 failed
/// item with its reason, and signed webhooks that verify. Embedded mode: the worker in process.
/// </summary>
public sealed class EmbeddedEndToEndTests
{
    [Fact]
    public async Task Three_images_one_corrupt_two_results_one_failure_and_verified_webhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "512x512",
            ["Gateway:Mode"] = "Embedded",
        };
        await using var app = new GatewayApp(settings: settings);

        var astronaut = await File.ReadAllBytesAsync(RealEngine.Sample("astronaut_eileen_collins_nasa.png"));
        var portrait = await File.ReadAllBytesAsync(RealEngine.Sample("dctnet_input_portrait.png"));
        using var client = app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(
            [("astronaut.png", astronaut), ("corrupt.png", ImageSurgery.CorruptPixels(portrait)), ("astronaut-2.png", astronaut)],
            ("style", "anime"), ("format", "jpeg"), ("webhook", receiver.Url), ("webhookEvents", "completed,item.completed,item.failed")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        Assert.Equal(3, submitted.Progress.Total);

        var job = await app.WaitForAsync(submitted.Id, j => j.IsTerminal(), TimeSpan.FromMinutes(4));
        Assert.Equal("succeeded", job.Status);
        Assert.Equal(1, job.FailedItems);
        var failed = job.Items.Single(i => i.Index == 1);
        Assert.Equal("failed", failed.Status);
        Assert.Equal(FailureReasons.InvalidImage, failed.Reason);

        foreach (var item in job.Items.Where(i => i.Index != 1))
        {
            Assert.Equal("succeeded", item.Status);
            using var result = await client.GetAsync(item.Result!.Url);
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
            Assert.Equal("image/jpeg", result.Content.Headers.ContentType?.MediaType);
            using var image = Image.Load(await result.Content.ReadAsByteArrayAsync());
            Assert.Equal((512, 512), (image.Width, image.Height));
        }

        var hooks = await receiver.WaitForAsync(4, TimeSpan.FromSeconds(30));
        var secret = WebhookSigner.DecodeSecret(GatewayApp.Secret);
        foreach (var hook in hooks)
            Assert.Contains(WebhookSigner.Sign(secret, hook.Id, long.Parse(hook.Timestamp), hook.Body), hook.Signature.Split(' '));
        var types = hooks.Select(h => JsonDocument.Parse(h.Body).RootElement.GetProperty("type").GetString()).Order().ToList();
        Assert.Equal(["completed", "item.completed", "item.completed", "item.failed"], types);
    }

    [Fact]
    public async Task A_result_carries_its_work_size_upscale_factor_and_warnings_in_the_job_and_its_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "512x512",
            ["Gateway:Mode"] = "Embedded",
        });
        // The 512² astronaut enlarged to 1600²: worked at 720², so its cartoon is upscaled 2.22× back to 1600².
        using var large = Image.Load(RealEngine.Sample("astronaut_eileen_collins_nasa.png"));
        large.Mutate(c => c.Resize(1600, 1600));
        using var png = new MemoryStream();
        await large.SaveAsPngAsync(png);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([("large.png", png.ToArray())],
            ("style", "anime"), ("webhook", receiver.Url), ("webhookEvents", "item.completed")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        var job = await app.WaitForAsync(submitted.Id, j => j.IsTerminal(), TimeSpan.FromMinutes(4));

        var result = job.Items.Single().Result!;
        Assert.Equal((1600, 720, 720, 2.22), (result.Width!.Value, result.WorkWidth, result.WorkHeight, result.UpscaleFactor!.Value));
        Assert.Equal([ItemWarnings.Upscaled], result.Warnings);
        var hook = (await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30))).Single();
        var hooked = JsonDocument.Parse(hook.Body).RootElement.GetProperty("data").GetProperty("item").GetProperty("result");
        Assert.Equal(2.22, hooked.GetProperty("upscaleFactor").GetDouble());
        Assert.Equal(["upscaled"], hooked.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList());
    }

    [Fact]
    public async Task A_job_of_100_images_the_default_limit_runs_to_100_results()
    {
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "96x96",
            ["Gateway:Mode"] = "Embedded",
        });
        // Small crops of the portrait (one tier, full groups): 100 images, one request, the default Uploads:MaxImagesPerJob.
        using var portrait = Image.Load(RealEngine.Sample("astronaut_eileen_collins_nasa.png"));
        var images = Enumerable.Range(0, 100).Select(i =>
        {
            using var crop = portrait.Clone(c => c.Crop(new Rectangle(i % 10 * 8, i / 10 * 8, 400, 400)).Resize(96, 96));
            using var png = new MemoryStream();
            crop.SaveAsPng(png);
            return ($"p{i:D3}.png", png.ToArray());
        }).ToList();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(images, ("style", "anime")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        Assert.Equal(100, submitted.Items.Count);
        var job = await app.WaitForAsync(submitted.Id, j => j.IsTerminal(), TimeSpan.FromMinutes(6));

        Assert.Equal(JobStatuses.Succeeded, job.Status);
        Assert.Equal(100, job.Progress.Succeeded);
        Assert.Equal(Enumerable.Range(0, 100), job.Items.Select(i => i.Index));
        using var zip = await client.GetAsync($"/v1/jobs/{job.Id}/results.zip");
        using var archive = new System.IO.Compression.ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.Equal(100, archive.Entries.Count);
    }
}
