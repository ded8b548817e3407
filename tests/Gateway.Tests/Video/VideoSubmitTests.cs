using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using Cartoon.Tests.Shared.Hostile;

namespace Cartoon.Gateway.Tests.Video;

/// <summary>
/// POST /v1/jobs with video parts, through the real gateway (multipart reader, sniffer, ffprobe, limits, store,
/// in-memory bus): a clip becomes one video item whose ExtractVideo reaches the video queue; a hostile video is refused
/// with the media layer's status and reason, and then nothing is stored or sent.
/// </summary>
public sealed class VideoSubmitTests(VideoClips clips) : IClassFixture<VideoClips>, IAsyncLifetime
{
    private const long MaxVideoBytes = 200_000;

    private readonly GatewayApp _app = new(settings: new Dictionary<string, string?>
    {
        ["Media:Limits:MaxBytes"] = MaxVideoBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private VideoQueueTap _video = null!;
    private TestWorker _worker = null!;

    public async Task InitializeAsync()
    {
        _app.Start();
        _video = await VideoQueueTap.StartAsync(_app);
        _worker = await TestWorker.StartAsync(_app, (_, _) => Task.CompletedTask);
    }

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _video.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_clip_is_one_video_item_probed_at_submit_and_its_ExtractVideo_is_sent_beside_the_images()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs",
            TestImages.Form([("clip.mp4", File.ReadAllBytes(clips.Mp4)), ("photo.png", TestImages.Png())], ("format", "webm")));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var job = JsonSerializer.Deserialize<JobView>(body, GatewayApp.Json)!;

        var video = job.Items[0];
        Assert.Equal((ItemKinds.Video, "clip.mp4"), (video.Kind, video.FileName));
        Assert.Equal(("mp4", 64, 48), (video.Input.Format, video.Input.Width, video.Input.Height));
        Assert.NotNull(video.Video);
        Assert.Equal((0, VideoClips.Frames, "10/1", "webm"), (video.Video.FramesDone, video.Video.FramesTotal, video.Video.FrameRate, video.Video.Format));
        Assert.Null(video.Video.FramesPerSecond);
        // The photo keeps the image way: a video format for the job leaves images at their default.
        var photo = job.Items[1];
        Assert.Equal(ItemKinds.Image, photo.Kind);
        Assert.Null(photo.Video);

        var extract = await EventuallyAsync(() => _video.Extracts.SingleOrDefault(e => e.JobId == job.Id));
        Assert.Equal((0, "webm", JobObjectKeys.Input(job.Id, 0)), (extract.ItemIndex, extract.Format, extract.InputKey));
        var image = await EventuallyAsync(() => _worker.Received.SingleOrDefault(m => m.JobId == job.Id));
        Assert.Equal((1, "png"), (image.ItemIndex, image.Format));
        Assert.EndsWith(".png", image.ResultKey, StringComparison.Ordinal);

        var stored = await _app.Store.GetAsync(extract.InputKey);
        Assert.NotNull(stored);
        Assert.Equal("video/mp4", stored.ContentType);
        Assert.Equal(new FileInfo(clips.Mp4).Length, stored.Data.Length);
    }

    [Theory]
    [InlineData("png", "gif")] // an animated GIF stays a GIF unless a video format is asked for
    [InlineData("mp4", "mp4")]
    public async Task An_animated_gif_is_a_video_item_whose_default_output_is_gif(string format, string expected)
    {
        var job = await SubmitAsync([("anim.gif", File.ReadAllBytes(clips.Gif))], format);
        var item = Assert.Single(job.Items);
        Assert.Equal((ItemKinds.Video, "gif", expected), (item.Kind, item.Input.Format, item.Video!.Format));
        Assert.Equal(5, item.Video.FramesTotal);
        var extract = await EventuallyAsync(() => _video.Extracts.SingleOrDefault(e => e.JobId == job.Id));
        Assert.Equal(expected, extract.Format);
    }

    [Fact]
    public async Task An_animated_webp_is_a_video_item_that_stays_webp_when_an_image_format_is_asked_for()
    {
        var job = await SubmitAsync([("anim.webp", HostileFiles.AnimatedWebp())], "webp");
        var item = Assert.Single(job.Items);
        Assert.Equal((ItemKinds.Video, "webp", "webp"), (item.Kind, item.Input.Format, item.Video!.Format));
        Assert.Equal(2, item.Video.FramesTotal);
    }

    [Fact]
    public async Task A_still_gif_keeps_the_image_way()
    {
        var job = await SubmitAsync([("still.gif", HostileFiles.GifClaiming(16, 16))], "png");
        var item = Assert.Single(job.Items);
        Assert.Equal(ItemKinds.Image, item.Kind);
        Assert.Null(item.Video);
        await EventuallyAsync(() => _worker.Received.SingleOrDefault(m => m.JobId == job.Id));
        Assert.DoesNotContain(_video.Extracts, e => e.JobId == job.Id);
    }

    public static TheoryData<string, int, string> Hostile => new()
    {
        { "empty", 400, "empty" },
        { "text", 415, "unsupported_format" },
        { "ten-hours", 413, "too_long" },
        { "huge-gif", 413, "frame_too_large" },
        { "mjpeg", 415, "unsupported_codec" },
        { "audio-only", 415, "no_video_stream" },
        { "over-max-bytes", 413, "file_too_large" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_video_alone_is_refused_with_its_status_and_reason_and_nothing_is_stored_or_sent(string name, int status, string reason)
    {
        var (fileName, bytes) = HostileVideo(name);
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form((fileName, bytes)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        var part = Assert.Single(problem.GetProperty("rejected").EnumerateArray());
        Assert.Equal((reason, fileName), (part.GetProperty("reason").GetString(), part.GetProperty("fileName").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(part.GetProperty("message").GetString()));

        Assert.Equal(0, _app.JobCount());
        Assert.Empty(_video.Extracts);
        Assert.Empty(_worker.Received);
    }

    [Fact]
    public async Task A_hostile_video_beside_a_good_image_is_listed_in_rejected_and_the_image_goes_ahead()
    {
        var job = await SubmitAsync([("photo.png", TestImages.Png()), ("long.mp4", clips.TenHours)], "png");
        var item = Assert.Single(job.Items);
        Assert.Equal((0, ItemKinds.Image), (item.Index, item.Kind));
        var rejected = Assert.Single(job.Rejected);
        Assert.Equal((1, "too_long"), (rejected.Index, rejected.Reason));
        await EventuallyAsync(() => _worker.Received.SingleOrDefault(m => m.JobId == job.Id));
        Assert.DoesNotContain(_video.Extracts, e => e.JobId == job.Id);
    }

    [Fact]
    public async Task Two_different_refusals_are_400_no_valid_images_as_for_images()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(HostileVideo("mjpeg"), HostileVideo("ten-hours")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("no_valid_images", problem.GetProperty("reason").GetString());
        Assert.Equal(["unsupported_codec", "too_long"], problem.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("reason").GetString()));
        Assert.Equal(0, _app.JobCount());
    }

    private (string FileName, byte[] Bytes) HostileVideo(string name) => name switch
    {
        "empty" => ("empty.mp4", []),
        "text" => ("notes.mp4", "this is not a video, only text renamed to .mp4"u8.ToArray()),
        "ten-hours" => ("ten-hours.mp4", clips.TenHours),
        "huge-gif" => ("huge.gif", VideoClips.HugeGif(16_000)),
        "mjpeg" => ("mjpeg.mov", File.ReadAllBytes(clips.MjpegMov)),
        "audio-only" => ("audio.mp4", File.ReadAllBytes(clips.AudioOnly)),
        // A real clip with junk after it, past the byte limit: refused on its length before it is copied or probed.
        "over-max-bytes" => ("big.mp4", [.. File.ReadAllBytes(clips.Mp4), .. new byte[MaxVideoBytes]]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private async Task<JobView> SubmitAsync((string, byte[])[] parts, string format)
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(parts, ("format", format)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonSerializer.Deserialize<JobView>(body, GatewayApp.Json)!;
    }

    internal static async Task<T> EventuallyAsync<T>(Func<T?> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (probe() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("never arrived");
            await Task.Delay(20);
        }
    }
}
