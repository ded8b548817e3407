using System.Collections.Concurrent;
using Cartoon.Contracts;
using MassTransit;

namespace Cartoon.Gateway.Tests.Video;

/// <summary>
/// Plays the video worker's queue (<see cref="VideoQueues.Video"/>) on the real in-memory bus: records every ExtractVideo
/// and MuxVideo the gateway sends, and can fail the extraction or the mux (the consumer throws, MassTransit publishes the fault).
/// </summary>
public sealed class VideoQueueTap : IAsyncDisposable
{
    private readonly HostReceiveEndpointHandle _handle;

    private VideoQueueTap(GatewayApp app, bool failExtraction, bool failMux)
    {
        _handle = app.Bus.ConnectReceiveEndpoint(VideoQueues.Video, e =>
        {
            e.Handler<ExtractVideo>(ctx =>
            {
                Extracts.Enqueue(ctx.Message);
                return failExtraction ? throw new InvalidOperationException("ffmpeg exploded (test)") : Task.CompletedTask;
            });
            e.Handler<MuxVideo>(ctx =>
            {
                Muxes.Enqueue(ctx.Message);
                return failMux ? throw new InvalidOperationException("muxer exploded (test)") : Task.CompletedTask;
            });
        });
    }

    public ConcurrentQueue<ExtractVideo> Extracts { get; } = new();

    public ConcurrentQueue<MuxVideo> Muxes { get; } = new();

    public static async Task<VideoQueueTap> StartAsync(GatewayApp app, bool failExtraction = false, bool failMux = false)
    {
        var tap = new VideoQueueTap(app, failExtraction, failMux);
        await tap._handle.Ready;
        return tap;
    }

    public ValueTask DisposeAsync() => new(_handle.StopAsync());
}
