using Cartoon.Messaging;
using Cartoon.Media;
using Cartoon.Worker.Consumers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Video;

public static class VideoServiceCollectionExtensions
{
    /// <summary>
    /// What a worker needs for video items: <see cref="VideoOptions"/> ("Video", validated at start), the
    /// <see cref="FrameChunkGate"/> of the frame chunks on the tier queues, and, with Video:Enabled (the default), the
    /// media layer (<see cref="MediaServiceCollectionExtensions.AddCartoonMedia"/>: ffmpeg checked at start) and the video
    /// queue's <see cref="VideoEndpointDefinition"/>. Called by AddCartoonWorker; the consumers are added by AddCartoonBus.
    /// </summary>
    public static IServiceCollection AddCartoonVideoWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCartoonVideoOptions(configuration);
        services.TryAddSingleton<FrameChunkGate>();
        if (!IsEnabled(configuration))
            return services;

        services.AddCartoonMedia(configuration);
        services.TryAddSingleton(sp => new VideoEndpointDefinition(
            sp.GetRequiredService<IOptions<VideoOptions>>().Value,
            sp.GetRequiredService<IOptions<WorkerOptions>>().Value));
        return services;
    }

    /// <summary>Video:Enabled, read while registering (the video endpoint exists or not).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(VideoOptions.Section).GetValue(nameof(VideoOptions.Enabled), true);
}
