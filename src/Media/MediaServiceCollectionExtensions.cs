using Cartoon.OptionsValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cartoon.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the media layer from the configuration section "Media" (<see cref="MediaOptions"/>, validated at
    /// start: a missing ffmpeg stops the host with a message naming the setting): <see cref="FfmpegRunner"/>,
    /// <see cref="MediaProbe"/>, <see cref="FrameExtractor"/> and <see cref="VideoMuxer"/>.
    /// </summary>
    public static IServiceCollection AddCartoonMedia(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<MediaOptions, MediaOptionsValidator>(configuration.GetSection(MediaOptions.Section));
        services.TryAddSingleton<FfmpegRunner>();
        services.TryAddSingleton<MediaProbe>();
        services.TryAddSingleton<FrameExtractor>();
        services.TryAddSingleton<VideoMuxer>();
        return services;
    }
}
