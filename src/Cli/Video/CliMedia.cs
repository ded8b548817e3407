using Cartoon.Media;
using Microsoft.Extensions.Options;

namespace Cartoon.Cli.Video;

/// <summary>
/// The media layer the CLI converts videos with, built the way <c>AddCartoonMedia</c> registers it for the services
/// (one <see cref="FfmpegRunner"/> shared by the probe, the extractor and the muxer; <see cref="MediaOptions"/> checked
/// by <see cref="MediaOptionsValidator"/> first), but directly: the CLI has no host, as it builds the engine.
/// </summary>
internal sealed class CliMedia
{
    private CliMedia(MediaOptions options)
    {
        var runner = new FfmpegRunner(Options.Create(options));
        Settings = options;
        Probe = new MediaProbe(runner);
        Extractor = new FrameExtractor(runner);
        Muxer = new VideoMuxer(runner);
    }

    public MediaOptions Settings { get; }

    public MediaProbe Probe { get; }

    public FrameExtractor Extractor { get; }

    public VideoMuxer Muxer { get; }

    /// <summary>
    /// The media layer over <paramref name="options"/>; throws <see cref="InvalidOperationException"/> with every
    /// problem (a missing ffmpeg above all) when they do not validate, as a host's ValidateOnStart would.
    /// </summary>
    public static CliMedia Create(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new MediaOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new InvalidOperationException("Videos cannot be converted: " + string.Join(" ", result.Failures));
        return new CliMedia(options);
    }
}
