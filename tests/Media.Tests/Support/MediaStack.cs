using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Tests.Support;

/// <summary>The media layer with the real ffmpeg, built as the host would build it (default options unless changed).</summary>
internal sealed class MediaStack
{
    public MediaStack(Action<MediaOptions>? configure = null)
    {
        var options = new MediaOptions { Threads = 2 };
        configure?.Invoke(options);
        Options = options;
        Runner = new FfmpegRunner(Microsoft.Extensions.Options.Options.Create(options));
        Probe = new MediaProbe(Runner);
        Extractor = new FrameExtractor(Runner);
        Muxer = new VideoMuxer(Runner);
    }

    public MediaOptions Options { get; }

    public FfmpegRunner Runner { get; }

    public MediaProbe Probe { get; }

    public FrameExtractor Extractor { get; }

    public VideoMuxer Muxer { get; }

    /// <summary>Every frame of <paramref name="path"/>, in order, with the chunk boundaries seen.</summary>
    public async Task<(List<Image<Rgb24>> Frames, List<int> ChunkStarts, MediaInfo Info)> ExtractAllAsync(
        string path, int framesPerChunk = 8)
    {
        MediaInfo info = await Probe.ProbeAsync(path, CancellationToken.None);
        var frames = new List<Image<Rgb24>>();
        var starts = new List<int>();
        int count = await Extractor.ExtractAsync(path, info, framesPerChunk, (chunk, _) =>
        {
            starts.Add(chunk.FirstFrameIndex);
            frames.AddRange(chunk.Frames.Select(f => f.Clone()));
            return Task.CompletedTask;
        }, CancellationToken.None);
        Assert.Equal(count, frames.Count);
        return (frames, starts, info);
    }
}
