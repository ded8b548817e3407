using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>
/// The gateway's side of a video item on the real services (RabbitMQ on a vhost of its own, S3, PostgreSQL), with the
/// test as the video worker: the submit's ExtractVideo reaches the video queue (the quorum queue and fanout exchange
/// the worker's endpoint declares), the worker's events applied in the database (each twice: a redelivery) write one
/// MuxVideo, which the outbox sends to the same queue, and the item's outcome completes the job.
/// </summary>
public sealed class VideoGatewayOnRabbitMqTests : IAsyncLifetime
{
    private const int Frames = 10;

    private readonly string _bucket = ServicesFixture.NewBucketName("video");
    private readonly string _clip = Path.Combine(Path.GetTempPath(), $"cartoon-video-it-{Guid.NewGuid():N}.mp4");
    private RabbitMqEndpoint _rabbit = null!;
    private VirtualHost _vhost = null!;
    private InProcessGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _rabbit = await RabbitMqEndpoint.AcquireAsync();
        _vhost = await VirtualHost.CreateAsync(_rabbit);
        // What the video worker's receive endpoint declares (and TierQueueDeclarer for a gateway started before it).
        await using (var connection = await _vhost.ConnectionFactory().CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(VideoQueues.Video, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            await channel.ExchangeDeclareAsync(VideoQueues.Video, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(VideoQueues.Video, VideoQueues.Video, "");
        }
        _gateway = await new InProcessGateway(StackSettings.Merge(_rabbit.Settings(_vhost.Name), ServicesFixture.Instance.S3Settings(_bucket), new Dictionary<string, string?>
        {
            ["Auth:RequireKeys"] = "false",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        })).StartAsync(TimeSpan.FromMinutes(1));
        Run("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=s=64x48:r=10:d=1", "-f", "lavfi", "-i", "sine=duration=1",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-y", _clip);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _vhost.DisposeAsync();
        await _rabbit.DisposeAsync();
        File.Delete(_clip);
    }

    [Fact]
    public async Task A_video_item_is_extracted_counted_muxed_once_and_completed_through_the_broker()
    {
        using var client = _gateway.Client();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(_clip)), "images", "clip.mp4");
        using var response = await client.PostAsync("/v1/jobs", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var job = JsonSerializer.Deserialize<JobView>(body, InProcessGateway.Json)!;
        Assert.Equal((ItemKinds.Video, Frames), (job.Items[0].Kind, job.Items[0].Video!.FramesTotal));

        var extract = Assert.Single(await WaitForCommandsAsync("ExtractVideo", job.Id, 1));
        Assert.Equal(("mp4", JobObjectKeys.Input(job.Id, 0)), (extract.GetProperty("format").GetString(), extract.GetProperty("inputKey").GetString()));
        Assert.True(await _gateway.Store.ExistsAsync(JobObjectKeys.Input(job.Id, 0)));

        // The worker's events, each delivered twice, the VideoExtracted between the chunks.
        var bus = _gateway.Services.GetRequiredService<IBus>();
        for (var copy = 0; copy < 2; copy++)
        {
            await bus.Publish(FramesDone(job.Id, 0, 6));
            await bus.Publish(new VideoExtracted
            {
                EventId = StableIds.ForVideoExtracted(job.Id, 0), JobId = job.Id, ItemIndex = 0, Chunks = 2, Frames = Frames,
                FrameRate = "10/1", Width = 64, Height = 48, HasAudio = true, At = DateTimeOffset.UtcNow,
            });
            await bus.Publish(FramesDone(job.Id, 1, 4));
        }
        var view = await _gateway.WaitForAsync(job.Id, j => j.Items[0].Video!.FramesDone == Frames, TimeSpan.FromSeconds(30));
        Assert.NotNull(view.Items[0].Video!.FramesPerSecond);

        var mux = (await WaitForCommandsAsync("MuxVideo", job.Id, 1))[0];
        Assert.Equal((2, Frames, "10/1"), (mux.GetProperty("chunks").GetInt32(), mux.GetProperty("frames").GetInt32(), mux.GetProperty("frameRate").GetString()));
        // Every outbox row is deleted only once the broker confirmed it: with the outbox empty, every send happened.
        await WaitUntilAsync(async () =>
        {
            await using var ctx = _gateway.Services.GetRequiredService<CartoonDb>().Create();
            return !await ctx.OutboxMessages.AnyAsync(m => m.MessageType == nameof(MuxVideo));
        });
        Assert.Single(await WaitForCommandsAsync("MuxVideo", job.Id, 1));

        await bus.Publish(new ItemCompleted
        {
            EventId = StableIds.ForItem(job.Id, 0), JobId = job.Id, ItemIndex = 0, ResultKey = mux.GetProperty("resultKey").GetString()!,
            ContentType = "video/mp4", Width = 64, Height = 48, Faces = 0, BatchSize = 1, Device = "cpu", InferenceMs = 80, QueueWaitMs = 1,
            StartedAt = DateTimeOffset.UtcNow.AddSeconds(-1), CompletedAt = DateTimeOffset.UtcNow,
        });
        var done = await _gateway.WaitUntilTerminalAsync(job.Id, TimeSpan.FromSeconds(30));
        Assert.Equal((JobStatuses.Succeeded, "video/mp4"), (done.Status, done.Items[0].Result!.ContentType));
    }

    private static FramesCompleted FramesDone(Guid jobId, int chunk, int frames) => new()
    {
        EventId = StableIds.ForFrames(jobId, 0, chunk), JobId = jobId, ItemIndex = 0, Chunk = chunk, Frames = frames, Faces = 0,
        Device = "cpu", InferenceMs = 40, StartedAt = DateTimeOffset.UtcNow.AddMilliseconds(-60), CompletedAt = DateTimeOffset.UtcNow,
    };

    private readonly List<(string Type, JsonElement Message)> _commands = [];

    /// <summary>The video queue's messages of <paramref name="type"/> for the job, once at least <paramref name="atLeast"/> arrived.</summary>
    private async Task<List<JsonElement>> WaitForCommandsAsync(string type, Guid jobId, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using (var connection = await _vhost.ConnectionFactory().CreateConnectionAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                while (await channel.BasicGetAsync(VideoQueues.Video, autoAck: true) is { } delivery)
                {
                    using var envelope = JsonDocument.Parse(delivery.Body);
                    var types = envelope.RootElement.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()!).ToList();
                    _commands.Add((types[0], envelope.RootElement.GetProperty("message").Clone()));
                }
            }
            var found = _commands.Where(c => c.Type == $"urn:message:Cartoon.Contracts:{type}" && c.Message.GetProperty("jobId").GetGuid() == jobId)
                .Select(c => c.Message).ToList();
            if (found.Count >= atLeast)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{type} for {jobId} never reached {VideoQueues.Video}; saw {string.Join(", ", _commands.Select(c => c.Type))}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition never held");
            await Task.Delay(100);
        }
    }

    private static void Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed: {stderr}");
    }
}
