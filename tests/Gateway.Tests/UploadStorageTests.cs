using System.Net;
using System.Net.Http.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Submission;
using Cartoon.Tests.Shared.Imaging;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// A submit stores every accepted image exactly as sent, small ones copied and overlapped, large ones streamed from the
/// buffered body one at a time; headers the first bytes do not settle are read from the whole part.
/// </summary>
public sealed class UploadStorageTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A JPEG whose frame header sits past the validator's prefix: APP15 segments of filler after SOI.</summary>
    private static byte[] JpegWithLargeHeader(int width, int height, int fillerBytes)
    {
        var jpeg = TestImages.Jpeg(width, height);
        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2); // SOI
        for (var left = fillerBytes; left > 0; left -= 65_000)
        {
            var length = Math.Min(left, 65_000);
            output.Write([0xFF, 0xEF, (byte)((length + 2) >> 8), (byte)((length + 2) & 0xFF)]);
            output.Write(new byte[length]);
        }
        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    [Fact]
    public async Task Small_and_large_parts_are_stored_byte_for_byte_in_part_order()
    {
        var parts = new List<(string Name, byte[] Bytes)>
        {
            ("small-0.png", TestImages.Png(64, 48, seed: 1)),
            ("large-1.png", NoisyPng.Create(1500, 1400, seed: 2)),
            ("small-2.png", TestImages.Png(80, 60, seed: 3)),
            ("header-far.jpg", JpegWithLargeHeader(320, 200, 300_000)),
            ("small-4.png", TestImages.Png(90, 70, seed: 4)),
            ("large-5.png", NoisyPng.Create(1300, 1500, seed: 5)),
        };
        Assert.True(parts[1].Bytes.Length > InputUploader.SmallPartBytes && parts[5].Bytes.Length > InputUploader.SmallPartBytes);
        Assert.True(parts[3].Bytes.Length > ImageValidator.PrefixBytes);
        using var client = _app.CreateClient();

        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(parts));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;

        Assert.Equal(parts.Count, job.Items.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var stored = await _app.Store.GetAsync(JobObjectKeys.Input(job.Id, i));
            Assert.True(stored is not null, $"part {i} was not stored");
            Assert.Equal(parts[i].Bytes, stored.Data.ToArray());
            Assert.Equal(parts[i].Bytes.Length, job.Items[i].Input.Bytes);
        }
        Assert.Equal((320, 200, "jpeg"), (job.Items[3].Input.Width, job.Items[3].Input.Height, job.Items[3].Input.Format));
        Assert.Equal((1500, 1400), (job.Items[1].Input.Width, job.Items[1].Input.Height));
    }

    [Fact]
    public async Task A_large_part_that_is_no_image_is_rejected_on_all_its_bytes_while_the_others_go_ahead()
    {
        var garbage = new byte[ImageValidator.PrefixBytes + 100_000];
        new Random(7).NextBytes(garbage);
        using var client = _app.CreateClient();

        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("noise.jpg", garbage), ("ok.png", TestImages.Png())));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;

        var rejected = Assert.Single(job.Rejected);
        Assert.Equal((0, "unsupported_format"), (rejected.Index, rejected.Reason));
        Assert.Equal(1, Assert.Single(job.Items).Index);
        Assert.Null(await _app.Store.GetAsync(JobObjectKeys.Input(job.Id, 0)));
    }
}
