using Cartoon.Worker;
using System.Collections.Concurrent;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Media;
using Cartoon.Worker.Consumers;
using Cartoon.Messaging;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Worker.Tests.Video;

/// <summary>
/// A chunk is held to its tier's consume timeout like a group: an engine that never returns is canceled, the chunk
/// runs again (GroupTimeoutException is transient), and once the retries are spent it faults, which the gateway turns
/// into a failed item, instead of holding its tier's slot for ever.
/// </summary>
public sealed class ChunkTimeoutTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"cartoon-chunk-timeout-{Guid.NewGuid():N}");
    private readonly StallingEngine _engine = new();
    private readonly ConcurrentQueue<Fault<CartoonizeFrames>> _faults = new();
    private IHost? _host;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "FileSystem",
            ["Storage:Root"] = _root,
            ["Worker:ConsumeTimeout"] = "00:00:02", // long enough for the work before the engine call on a loaded box
            ["Worker:RetryIntervals:0"] = "00:00:00.050",
            ["Video:Enabled"] = "false",
        });
        builder.Services.AddSingleton<ICartoonEngine>(_engine);
        builder.Services.AddSingleton(new MemoryCostModel(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: false));
        builder.Services.AddSingleton(_faults);
        builder.Services.AddCartoonStorage(builder.Configuration);
        builder.Services.AddCartoonWorker(builder.Configuration, bus => bus.AddConsumer<FaultSink>());
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_chunk_whose_engine_call_never_returns_is_canceled_retried_and_then_faults_with_the_timeout()
    {
        var services = _host!.Services;
        var store = services.GetRequiredService<IBlobStore>();
        var job = Guid.NewGuid();
        var plan = services.GetRequiredService<TierCatalog>().Resolve(64, 48);
        using (var frames = new FrameChunk(0, [new Image<Rgb24>(64, 48), new Image<Rgb24>(64, 48)]))
            await store.PutAsync(JobObjectKeys.FrameChunk(job, 0, 0), FrameChunkCodec.Encode(frames), FrameChunkCodec.ContentType);
        await store.PutAsync(JobObjectKeys.FrameFaces(job, 0, 0), "[]"u8.ToArray(), "application/json");

        var command = new CartoonizeFrames
        {
            JobId = job,
            ItemIndex = 0,
            TenantId = "test",
            Chunk = 0,
            FirstFrame = 0,
            FrameCount = 2,
            FramesKey = JobObjectKeys.FrameChunk(job, 0, 0),
            FacesKey = JobObjectKeys.FrameFaces(job, 0, 0),
            ResultKey = JobObjectKeys.CartoonChunk(job, 0, 0),
            Style = Styles.Default,
            Strength = 1f,
            WorkWidth = 64,
            WorkHeight = 48,
            Tier = plan.Name,
            SubmittedAt = DateTimeOffset.UtcNow,
        };
        var endpoint = await services.GetRequiredService<IBus>().GetSendEndpoint(services.GetRequiredService<TierSendAddresses>().For(plan));
        await endpoint.Send(command);

        await VideoWorkerHost.WaitUntilAsync(() => !_faults.IsEmpty, "the chunk's fault");
        var fault = Assert.Single(_faults);
        Assert.Equal(job, fault.Message.JobId);
        Assert.Contains(fault.Exceptions, e => e.ExceptionType == typeof(GroupTimeoutException).FullName);
        // The first attempt and its one retry, each canceled by the timeout rather than left running.
        Assert.True(_engine.Calls == 2, $"engine calls {_engine.Calls}, canceled {_engine.Canceled}: " + string.Join(" / ", fault.Exceptions.Select(e => e.Message)));
        Assert.Equal(2, _engine.Canceled);
        Assert.False(await store.ExistsAsync(command.ResultKey));
    }

    private sealed class FaultSink(ConcurrentQueue<Fault<CartoonizeFrames>> faults) : IConsumer<Fault<CartoonizeFrames>>
    {
        public Task Consume(ConsumeContext<Fault<CartoonizeFrames>> context)
        {
            faults.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }

    /// <summary>An engine whose group call waits until it is canceled (a stuck device).</summary>
    private sealed class StallingEngine : ICartoonEngine
    {
        private int _calls;
        private int _canceled;

        public int Calls => Volatile.Read(ref _calls);

        public int Canceled => Volatile.Read(ref _canceled);

        public string Device => "cpu";

        public IReadOnlyCollection<string> LoadedStyles => Styles.All;

        public async Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, Action<GroupStage>? stages, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _canceled);
                throw;
            }
            throw new InvalidOperationException("unreachable");
        }

        public Task<IReadOnlyList<IReadOnlyList<DetectedFace>>> DetectFacesAsync(IReadOnlyList<PixelBuffer> frames, Detail detail = Detail.Standard,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
