using Cartoon.Worker;
using System.Collections.Concurrent;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Media.Tests.Support;
using Cartoon.Messaging;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cartoon.Worker.Tests.Video;

/// <summary>
/// The worker as the embedded gateway hosts it (in-memory bus, file-system store, the real engine: CUDA when present,
/// else CPU; CARTOON_TEST_ENGINE_DEVICE forces one) with the clips of Media.Tests, shared by the video tests. The test
/// plays the gateway: it stores uploads, sends ExtractVideo / MuxVideo to the video queue and collects the events
/// (<see cref="VideoEvents"/>), and sees on which queue every CartoonizeFrames was consumed.
/// </summary>
public sealed class VideoWorkerHost : IAsyncLifetime
{
    /// <summary>Chunks of 8 frames: the 30-frame clip is 4 chunks (8, 8, 8, 6).</summary>
    public const int GroupLimit = 8;

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"cartoon-video-worker-{Guid.NewGuid():N}");
    private IHost? _host;
    private readonly System.Diagnostics.Metrics.MeterListener _meters = new();

    public Clips Clips { get; } = new();

    public IServiceProvider Services => _host!.Services;

    public IBlobStore Store => Services.GetRequiredService<IBlobStore>();

    public TierCatalog Tiers => Services.GetRequiredService<TierCatalog>();

    public VideoEvents Events => Services.GetRequiredService<VideoEvents>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "FileSystem",
            ["Storage:Root"] = Path.Combine(_root, "store"),
            ["Engine:WarmUpShapes:0"] = "160x120",
            ["Tiers:MaxGroupSize"] = GroupLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tiers:TimeLimit"] = "00:00:00.200",
            ["Video:TempDirectory"] = _root,
            ["Media:Threads"] = "2",
        });
        if (Environment.GetEnvironmentVariable("CARTOON_TEST_ENGINE_DEVICE") is { Length: > 0 } device)
            builder.Configuration["Engine:Device"] = device;
        builder.Services.AddSingleton<VideoEvents>();
        builder.Services.AddCartoonEngine(builder.Configuration);
        builder.Services.AddCartoonStorage(builder.Configuration);
        // The store as registered, wrapped so a test can cancel a job at a precise point of its extraction.
        var registered = builder.Services.Last(d => d.ServiceType == typeof(IBlobStore));
        builder.Services.Remove(registered);
        builder.Services.AddSingleton<IBlobStore>(sp =>
            new CancelingStore((IBlobStore)registered.ImplementationFactory!(sp), sp.GetRequiredService<VideoEvents>()));
        builder.Services.AddCartoonWorker(builder.Configuration, bus => bus.AddConsumer<GatewaySink>());
        _host = builder.Build();
        await _host.StartAsync();
        var events = Events;
        Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver(new FramesObserver(events));

        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Diagnostics.WorkerMetrics.MeterName && instrument.Name.StartsWith("cartoon.video.", StringComparison.Ordinal))
                listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => events.Measured.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        _meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => events.Measured.AddOrUpdate(instrument.Name, 1, (_, count) => count + 1));
        _meters.Start();
    }

    public async Task DisposeAsync()
    {
        _meters.Dispose();
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Clips.Dispose();
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    /// <summary>Stores <paramref name="upload"/> as the job's input and sends its ExtractVideo.</summary>
    public async Task<ExtractVideo> ExtractAsync(Guid job, byte[] upload, string format = "mp4")
    {
        var command = new ExtractVideo
        {
            JobId = job,
            ItemIndex = 0,
            TenantId = "test",
            InputKey = JobObjectKeys.Input(job, 0),
            Style = Styles.Default,
            Strength = 1f,
            Format = format,
            SubmittedAt = DateTimeOffset.UtcNow,
        };
        await Store.PutAsync(command.InputKey, upload, "application/octet-stream");
        await SendToVideoQueueAsync(command);
        return command;
    }

    public async Task SendToVideoQueueAsync<T>(T command)
        where T : class
    {
        var queue = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Cartoon.Messaging.VideoOptions>>().Value.QueueName;
        var endpoint = await Services.GetRequiredService<IBus>().GetSendEndpoint(Services.GetRequiredService<TierSendAddresses>().ForQueue(queue));
        await endpoint.Send(command);
    }

    /// <summary>Waits (3 min at most) until <paramref name="done"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited in vain for: {what}");
            await Task.Delay(50);
        }
    }

    private sealed class FramesObserver(VideoEvents events) : IConsumeMessageObserver<CartoonizeFrames>
    {
        public Task PreConsume(ConsumeContext<CartoonizeFrames> context)
        {
            var path = context.ReceiveContext.InputAddress.AbsolutePath.TrimEnd('/');
            events.FramesConsumed.Enqueue((context.Message, path[(path.LastIndexOf('/') + 1)..]));
            return Task.CompletedTask;
        }

        public Task PostConsume(ConsumeContext<CartoonizeFrames> context) => Task.CompletedTask;

        public Task ConsumeFault(ConsumeContext<CartoonizeFrames> context, Exception exception) => Task.CompletedTask;
    }
}

/// <summary>
/// The store, which writes a job's cancel marker as soon as a chosen object is written (<see cref="VideoEvents.CancelWhenStored"/>):
/// the job is canceled at that point of its extraction, whatever the timing.
/// </summary>
internal sealed class CancelingStore(IBlobStore inner, VideoEvents events) : IBlobStore
{
    public Task EnsureReadyAsync(CancellationToken cancellationToken = default) => inner.EnsureReadyAsync(cancellationToken);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        await inner.PutAsync(key, content, contentType, cancellationToken);
        if (events.CancelWhenStored.TryRemove(key, out var job))
            await inner.PutAsync(JobObjectKeys.CancelMarker(job), "{}"u8.ToArray(), "application/json", cancellationToken);
    }

    public Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken cancellationToken = default) =>
        inner.PutAsync(key, content, length, contentType, cancellationToken);

    public Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<BlobItem> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default) =>
        inner.GetDownloadUrlAsync(key, expiry, cancellationToken);
}

/// <summary>What the gateway would receive.</summary>
public sealed class VideoEvents
{
    public ConcurrentQueue<VideoExtracted> Extracted { get; } = new();

    public ConcurrentQueue<FramesCompleted> Frames { get; } = new();

    public ConcurrentQueue<IItemOutcome> Outcomes { get; } = new();

    public ConcurrentQueue<ItemsStaged> Staged { get; } = new();

    /// <summary>Every CartoonizeFrames a worker consumed, with the queue it came from.</summary>
    public ConcurrentQueue<(CartoonizeFrames Command, string Queue)> FramesConsumed { get; } = new();

    /// <summary>Object key → job: the job is canceled once that object is stored (see <see cref="CancelingStore"/>).</summary>
    public ConcurrentDictionary<string, Guid> CancelWhenStored { get; } = new();

    /// <summary>The video instruments: a counter's sum, a histogram's number of recordings.</summary>
    public ConcurrentDictionary<string, double> Measured { get; } = new();

    public IReadOnlyList<IItemOutcome> OutcomesOf(Guid job) => Outcomes.Where(o => o.JobId == job).ToList();
}

public sealed class GatewaySink(VideoEvents events)
    : IConsumer<VideoExtracted>, IConsumer<FramesCompleted>, IConsumer<ItemCompleted>, IConsumer<ItemFailed>, IConsumer<ItemsStaged>
{
    public Task Consume(ConsumeContext<VideoExtracted> context)
    {
        events.Extracted.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<FramesCompleted> context)
    {
        events.Frames.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ItemCompleted> context)
    {
        events.Outcomes.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ItemFailed> context)
    {
        events.Outcomes.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ItemsStaged> context)
    {
        events.Staged.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}
