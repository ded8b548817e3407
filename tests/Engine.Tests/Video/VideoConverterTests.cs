using Cartoon.Cli.Video;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Tests.Support;
using Cartoon.Media;

namespace Cartoon.Engine.Tests.Video;

/// <summary>
/// The CLI's video pipeline with the real engine and ffmpeg, the engine's calls counted: per chunk of --max-batch
/// frames ONE detector call and ONE group call, every frame going in as pixels with its tracked faces given.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class VideoConverterTests(EngineFixture fixture) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cartoon-video-converter-");

    [Fact]
    public async Task Each_chunk_is_one_detector_call_and_one_group_call_with_the_tracked_faces_and_the_clip_is_muxed_whole()
    {
        var clip = PortraitClip.Mp4(TestPaths.Sample(TestPaths.Portrait), Path.Combine(_work.FullName, "clip.mp4"), 160, 120, frames: 18, fps: 12);
        var media = CliMedia.Create(new MediaOptions { Threads = 2 });
        var info = await media.Probe.ProbeAsync(clip, CancellationToken.None);
        var engine = new CountingEngine(fixture.Engine);
        var output = Path.Combine(_work.FullName, "out.webm");

        var done = await new VideoConverter(engine, media).ConvertAsync(
            new VideoJob(clip, info, new CartoonParameters { Style = "anime" }, VideoFormat.Webm, FramesPerChunk: 8, output), null, CancellationToken.None);

        Assert.Equal(18, done.Frames);
        Assert.Equal([8, 8, 2], engine.DetectCalls);
        Assert.Equal([8, 8, 2], engine.GroupCalls.Select(group => group.Count));
        var requests = engine.GroupCalls.SelectMany(group => group).ToList();
        Assert.All(requests, request => Assert.NotNull(request.Pixels));
        // Faces given (the tracker's), so the group call detects nothing itself; the portrait's face is followed throughout.
        Assert.All(requests, request => Assert.NotNull(request.Faces));
        Assert.True(requests.Count(request => request.Faces!.Count > 0) >= 16);
        Assert.True(done.Faces >= 1);
        Assert.Equal(Enumerable.Range(0, 18).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), requests.Select(r => r.Id));
        var result = ProbedClip.Read(output);
        Assert.Equal(("vp9", 160, 120, 18, "opus"), (result.VideoCodec, result.Width, result.Height, result.Frames, result.AudioCodec));
        // The stage clock accounts for the whole run (its last lap ends where Elapsed is read).
        var stages = done.Stages.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.InRange((done.Elapsed - stages).TotalMilliseconds, 0, 50);
    }

    [Fact]
    public async Task A_muxer_that_fails_stops_the_extraction_and_its_ffmpeg_error_is_what_is_thrown()
    {
        var clip = PortraitClip.Mp4(TestPaths.Sample(TestPaths.Portrait), Path.Combine(_work.FullName, "clip.mp4"), 160, 120, frames: 18, fps: 12);
        var media = CliMedia.Create(new MediaOptions { Threads = 2 });
        var info = await media.Probe.ProbeAsync(clip, CancellationToken.None);
        // ffmpeg cannot open an output in a folder that does not exist: it fails after taking the first frames.
        var output = Path.Combine(_work.FullName, "missing", "out.mp4");

        await Assert.ThrowsAsync<FfmpegException>(() => new VideoConverter(fixture.Engine, media).ConvertAsync(
            new VideoJob(clip, info, new CartoonParameters { Style = "anime" }, VideoFormat.Mp4, FramesPerChunk: 4, output), null, CancellationToken.None));
        Assert.False(File.Exists(output));
    }

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>The engine, with the size of each detector and group call kept.</summary>
    private sealed class CountingEngine(ICartoonEngine inner) : ICartoonEngine
    {
        public List<int> DetectCalls { get; } = [];

        public List<IReadOnlyList<CartoonRequest>> GroupCalls { get; } = [];

        public string Device => inner.Device;

        public IReadOnlyCollection<string> LoadedStyles => inner.LoadedStyles;

        public Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, Action<GroupStage>? stages, CancellationToken cancellationToken = default)
        {
            GroupCalls.Add(items);
            return inner.CartoonizeAsync(items, stages, cancellationToken);
        }

        public Task<IReadOnlyList<IReadOnlyList<DetectedFace>>> DetectFacesAsync(IReadOnlyList<PixelBuffer> frames, Detail detail = Detail.Standard,
            CancellationToken cancellationToken = default)
        {
            DetectCalls.Add(frames.Count);
            return inner.DetectFacesAsync(frames, detail, cancellationToken);
        }
    }
}
