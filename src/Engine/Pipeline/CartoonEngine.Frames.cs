using System.Diagnostics;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Diagnostics;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;

namespace Cartoon.Engine.Pipeline;

public sealed partial class CartoonEngine
{
    /// <summary>The style label of detector passes that belong to no style's group (frames detected ahead of cartoonizing).</summary>
    public const string NoStyle = "none";

    /// <summary>
    /// Each frame's work image (as a group call makes it) goes to the detector in as few passes as the engine's batching
    /// allows (one for same-size frames when passes are batched); the faces found are scaled back per axis to the frame.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<DetectedFace>>> DetectFacesAsync(IReadOnlyList<PixelBuffer> frames, Detail detail = Detail.Standard,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (!Enum.IsDefined(detail))
            throw new ArgumentOutOfRangeException(nameof(detail), detail, "Unknown detail.");
        foreach (var frame in frames)
        {
            ArgumentNullException.ThrowIfNull(frame, nameof(frames));
            _limits.Check(frame.Width, frame.Height, "pixel buffer");
        }
        using var span = EngineMetrics.ActivitySource.StartActivity("detect frames");
        span?.SetTag("cartoon.items", frames.Count);
        // Like decoding, the work images need no net: they are made before the gate.
        var works = await Task.Run(() => frames.AsParallel().AsOrdered().Select(frame => WorkImage(frame, detail)).ToArray(), cancellationToken)
            .ConfigureAwait(false);
        IReadOnlyList<IReadOnlyList<DetectedFace>> found;
        using (await HoldGateAsync(true, _ => { }, cancellationToken).ConfigureAwait(false))
        {
            var pass = Stopwatch.StartNew();
            found = await Task.Run(() => _detector.Detect(works, _options.MaxFacesPerImage, DetectSides(detail), DetectBatching), cancellationToken)
                .ConfigureAwait(false);
            _metrics.RecordPass("detect", NoStyle, Device, pass.Elapsed);
        }
        return found.Select((faces, i) => ToFrame(faces, works[i], frames[i])).ToArray();
    }

    /// <summary>The image an item is worked at: its plan's work size (a photo of a group call and a frame alike).</summary>
    private PixelBuffer WorkImage(PixelBuffer original, Detail detail)
    {
        var plan = DetailPlan.For(original.Width, original.Height, detail, _options);
        return original.Resize(plan.WorkWidth, plan.WorkHeight);
    }

    /// <summary>The long sides a group call searches an item of this detail at (see <see cref="DetectOn"/>).</summary>
    private IReadOnlyList<int> DetectSides(Detail detail) =>
        detail == Detail.High && _options.HighDetailDetectLongSide > _options.DetectLongSide
            ? [_options.DetectLongSide, _options.HighDetailDetectLongSide]
            : [_options.DetectLongSide];

    /// <summary>Batched as the nets' passes are (<see cref="BatchPasses"/>, <see cref="PadBatch"/>), at most the largest batch bucket a pass.</summary>
    private DetectorBatching DetectBatching => BatchPasses
        ? new DetectorBatching(Buckets.Batches[^1], n => Buckets.PassBatch(n, PadBatch))
        : DetectorBatching.Single;

    private static IReadOnlyList<DetectedFace> ToFrame(IReadOnlyList<DetectedFace> faces, PixelBuffer work, PixelBuffer frame)
    {
        var sx = (float)frame.Width / work.Width;
        var sy = (float)frame.Height / work.Height;
        return faces.Select(face => face.Scaled(sx, sy)).ToArray();
    }
}
