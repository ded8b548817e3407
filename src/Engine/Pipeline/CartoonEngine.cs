using System.Diagnostics;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Diagnostics;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Inference;
using Microsoft.Extensions.Logging;

namespace Cartoon.Engine.Pipeline;

/// <summary>
/// The DCT-Net pipeline over a group: decode → work size → ONE bg pass per style and input shape → detect → align →
/// ONE head pass per style (split above MaxHeadBatch) → paste heads → strength/resize/encode. A
/// <see cref="Detail.High"/> item works at a larger size and feeds its bg pass overlapping tiles (<see cref="DetailPlan"/>).
/// The passes of one group at a time (the nets already use every core on CPU, the memory budget on GPU); on CUDA,
/// decoding and encoding run outside that gate, overlapping other groups' passes; on CPU the whole call holds it
/// (<see cref="EngineOptions.OverlapStages"/>).
/// </summary>
public sealed partial class CartoonEngine : ICartoonEngine, IDisposable
{
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly SessionFactory _sessions;
    private readonly ModelRegistry _models;
    private readonly RetinaFaceDetector _detector;
    private readonly float[] _blendMask;
    private readonly ImageLimits _limits;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _disposed;
    private readonly EngineMetrics _metrics;
    private readonly bool _ownsMetrics;

    /// <param name="metrics">The host's instruments; null: the engine keeps its own (nobody listens, e.g. the CLI).</param>
    public CartoonEngine(EngineOptions options, ILogger<CartoonEngine> logger, EngineMetrics? metrics = null)
        : this(options, logger, metrics, passes: null)
    {
    }

    /// <param name="passes">Told of every forward pass of the nets and the detector (tests count them).</param>
    internal CartoonEngine(EngineOptions options, ILogger<CartoonEngine> logger, EngineMetrics? metrics, IPassListener? passes)
    {
        _options = options;
        _logger = logger;
        _ownsMetrics = metrics is null;
        _metrics = metrics ?? new EngineMetrics();
        var modelsDirectory = ModelLocator.Resolve(options.ModelsDirectory);
        _sessions = new SessionFactory(options, logger);
        _models = new ModelRegistry(modelsDirectory, _sessions, logger, _metrics.RecordModelLoad, passes);
        _detector = new RetinaFaceDetector(_sessions.Create(Path.Combine(modelsDirectory, ModelFiles.Detector)),
            options.FaceScoreThreshold, options.DetectLongSide, passes);
        _blendMask = BlendMask.Load(Path.Combine(modelsDirectory, ModelFiles.BlendMask));
        Buckets = new ShapeBuckets(options.BucketSides, ShapeBuckets.DefaultBatches);
        PadBatch = options.PadBatchToBucket ?? _sessions.UseCuda;
        BatchPasses = options.PassBatching switch
        {
            PassBatching.Group => true,
            PassBatching.Single => false,
            _ => _sessions.UseCuda,
        };
        BackgroundShapes = new BackgroundShapes(Buckets, options.BackgroundShape switch
        {
            BackgroundShape.Exact => false,
            BackgroundShape.Bucket => true,
            _ => _sessions.UseCuda,
        });
        OverlapStages = options.OverlapStages ?? _sessions.UseCuda;
        _limits = new ImageLimits
        {
            MaxBytes = options.MaxInputBytes,
            MaxPixels = options.MaxInputPixels,
            MaxSide = options.MaxInputSide,
            DecodeTimeout = options.DecodeTimeout,
        };
        LogCreated(modelsDirectory, Device, _sessions.FallbackReason ?? "-", _sessions.IntraOpThreads, BatchPasses ? "group" : "single",
            BackgroundShapes.ToBucket ? "bucket" : "exact", PadBatch);
        if (_sessions.UseCuda)
            ObserveGpuMemory();
    }

    /// <summary>cartoon_gpu_memory_used_bytes through NVML; without the library the gauge is just not there.</summary>
    private void ObserveGpuMemory()
    {
        var nvml = NvmlMemory.TryOpen(_options.CudaDeviceId, out var whyNot);
        if (nvml is null)
        {
            LogNoNvml(whyNot ?? "unknown");
            return;
        }
        _metrics.ObserveGpuMemory(Device, nvml.UsedBytes);
    }

    public string Device => _sessions.Device;

    public IReadOnlyCollection<string> LoadedStyles => _models.Loaded;

    public string ModelsDirectory => _models.ModelsDirectory;

    public ShapeBuckets Buckets { get; }

    public bool PadBatch { get; }

    /// <summary>Whether a pass takes every item of a shape (faces up to MaxHeadBatch) or one at a time (<see cref="EngineOptions.PassBatching"/>).</summary>
    public bool BatchPasses { get; }

    /// <summary>Each item's bg input shape (from the item alone).</summary>
    public BackgroundShapes BackgroundShapes { get; }

    /// <summary>Decode/encode of one group overlap another group's passes (CUDA by default); else the whole call is gated.</summary>
    public bool OverlapStages { get; }

    public ImageLimits Limits => _limits;

    /// <summary>
    /// With <see cref="OverlapStages"/>, decode and validation run before the gate, compose and encode after it: only
    /// the passes (bg, detect, head) hold the engine, so the next group's preparation and the previous group's encoding
    /// overlap this group's inference. Without it (CPU), the whole call holds the gate.
    /// </summary>
    public Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, CancellationToken cancellationToken = default) =>
        CartoonizeAsync(items, null, cancellationToken);

    public async Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, Action<GroupStage>? stages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var span = EngineMetrics.ActivitySource.StartActivity("cartoonize group");
        span?.SetTag("cartoon.items", items.Count);
        span?.SetTag("cartoon.device", Device);
        var total = Stopwatch.StartNew();
        var results = new CartoonResult?[items.Count];
        var stats = new StageClock();
        var waitedMs = 0.0;
        List<WorkItem> prepared;
        (int Bg, int Head) passes;
        // Exactly one of the two holds takes the gate: the whole call (CPU) or only the passes (overlapping stages).
        using (await HoldGateAsync(!OverlapStages, ms => waitedMs = ms, cancellationToken).ConfigureAwait(false))
        {
            stages?.Invoke(GroupStage.Decoding);
            prepared = await Task.Run(() => stats.Time(Stage.Decode, () => Prepare(items, results)), cancellationToken).ConfigureAwait(false);
            using (await HoldGateAsync(OverlapStages, ms => waitedMs = ms, cancellationToken).ConfigureAwait(false))
            {
                stages?.Invoke(GroupStage.Inferring);
                passes = await Task.Run(() => RunPasses(prepared, stats, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            stages?.Invoke(GroupStage.Encoding);
            await Task.Run(() => stats.Time(Stage.Compose, () => Parallel.ForEach(prepared, item =>
                results[item.Index] = Guard(item.Request, () => Compositor.Compose(item, _options.MaxOutputSide)))), cancellationToken).ConfigureAwait(false);
        }

        var final = results.Select(r => r!).ToArray();
        var groupStats = new GroupStats
        {
            Items = items.Count,
            Succeeded = final.Count(r => r.Succeeded),
            Faces = prepared.Sum(p => p.Faces.Count),
            BackgroundPasses = passes.Bg,
            HeadPasses = passes.Head,
            Device = Device,
            DecodeMs = stats[Stage.Decode],
            BackgroundMs = stats[Stage.Background],
            DetectMs = stats[Stage.Detect],
            HeadMs = stats[Stage.Head],
            ComposeMs = stats[Stage.Compose],
            // The group's own work: waiting for another group's passes is not part of it.
            TotalMs = total.Elapsed.TotalMilliseconds - waitedMs,
        };
        span?.SetTag("cartoon.faces", groupStats.Faces);
        span?.SetTag("cartoon.succeeded", groupStats.Succeeded);
        LogGroup(groupStats.Items, groupStats.Succeeded, groupStats.Faces, passes.Bg, passes.Head, Device, groupStats.TotalMs);
        return new CartoonGroupResult(final, groupStats);
    }

    /// <summary>Takes the engine's gate when <paramref name="take"/> (reporting the wait), else nothing; disposing releases what was taken.</summary>
    private async Task<IDisposable?> HoldGateAsync(bool take, Action<double> waited, CancellationToken ct)
    {
        if (!take)
            return null;
        var clock = Stopwatch.StartNew();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        waited(clock.Elapsed.TotalMilliseconds);
        return new GateHold(_gate);
    }

    private sealed class GateHold(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    /// <summary>Under the gate: per style present, ONE bg pass per input shape, detection, and the head passes. Returns the passes run.</summary>
    private (int Bg, int Head) RunPasses(List<WorkItem> prepared, StageClock stats, CancellationToken ct)
    {
        var bgPasses = 0;
        var headPasses = 0;
        foreach (var styleGroup in prepared.GroupBy(w => w.Request.Parameters.Style, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var group = styleGroup.ToList();
            var models = _models.Get(styleGroup.Key);
            bgPasses += stats.Time(Stage.Background, () => RunBackground(models, group, ct));
            stats.Time(Stage.Detect, () => Detect(styleGroup.Key, group));
            headPasses += stats.Time(Stage.Head, () => RunHeads(models, group, ct));
        }
        ct.ThrowIfCancellationRequested();
        return (bgPasses, headPasses);
    }

    /// <summary>Decodes and validates every item in parallel; a bad item gets its failed result here and drops out.</summary>
    private List<WorkItem> Prepare(IReadOnlyList<CartoonRequest> requests, CartoonResult?[] results)
    {
        var prepared = new WorkItem?[requests.Count];
        Parallel.For(0, requests.Count, i =>
        {
            var request = requests[i];
            var invalid = ItemParametersValidator.Validate(request.Parameters) ?? SuppliedFaces.Validate(request.Faces);
            if (invalid is not null)
            {
                results[i] = CartoonResult.Failed(request.Id, FailureReasons.InvalidOptions, invalid);
                return;
            }
            results[i] = Guard(request, () =>
            {
                var (original, losses, alpha) = Load(request);
                prepared[i] = new WorkItem(i, request, original, WorkImage(original, request.Parameters.Detail), losses) { Alpha = alpha };
                return null;
            });
        });
        return prepared.Where(p => p is not null).Select(p => p!).ToList();
    }

    /// <summary>The item's upright RGB input: decoded from its bytes, or its <see cref="CartoonRequest.Pixels"/> as they are.</summary>
    private (PixelBuffer Original, DecodeLosses Losses, AlphaPlane? Alpha) Load(CartoonRequest request)
    {
        if (request.Pixels is { } pixels)
        {
            _limits.Check(pixels.Width, pixels.Height, "pixel buffer");
            return (pixels, DecodeLosses.None, null);
        }
        using var image = ImageDecoder.Decode(request.Image, _limits, out var losses, out var alpha);
        return (PixelBuffer.From(image), losses, alpha);
    }

    /// <summary>
    /// One bg pass per distinct input shape among the group's bg inputs (see <see cref="BackgroundShapes"/>): a Standard
    /// item's work image, or each tile of a High item, so all the tiles of one shape share a pass (one image per pass
    /// without <see cref="BatchPasses"/>). A High item's tiles are blended into its cartoon as they come. Returns passes run.
    /// </summary>
    private int RunBackground(StyleModels models, List<WorkItem> group, CancellationToken ct)
    {
        var inputs = group.SelectMany(BackgroundInputs).ToList();
        var passes = 0;
        var perPass = BatchPasses ? inputs.Count : 1;
        foreach (var (shape, chunk) in inputs
                     .GroupBy(input => input.Shape)
                     .SelectMany(sameShape => sameShape.Chunk(perPass).Select(chunk => (sameShape.Key, Inputs: chunk.ToList()))))
        {
            ct.ThrowIfCancellationRequested();
            var (height, width) = shape;
            var batch = PadBatch ? Buckets.BucketBatch(chunk.Count) : chunk.Count;
            var input = BackgroundBatch.Pack(chunk, batch, height, width);
            var output = GC.AllocateUninitializedArray<float>(input.Length);
            var pass = Stopwatch.StartNew();
            models.Background.Run(input, output, batch, height, width, ct);
            _metrics.RecordPass("bg", models.Style, Device, pass.Elapsed);
            // The tiles of one item overlap: they are blended into its cartoon one after another, never concurrently.
            Parallel.ForEach(chunk.Select((bg, n) => (bg, n)).GroupBy(x => x.bg.Item), itemInputs =>
            {
                foreach (var (bg, n) in itemInputs)
                {
                    var item = bg.Item;
                    if (bg.Tiles is null)
                        item.Cartoon = BackgroundBatch.Unpack(output, n, height, width, item.Work.Width, item.Work.Height);
                    else
                        bg.Tiles.Blend(output, n, height, width, bg, item.Cartoon, item.Work.Width);
                }
            });
            passes++;
        }
        return passes;
    }

    /// <summary>A Standard item's work image, or a High item's tiles over a zeroed cartoon they are blended into.</summary>
    private IEnumerable<BackgroundInput> BackgroundInputs(WorkItem item)
    {
        var plan = PlanOf(item);
        if (!plan.IsTiled)
            return [BackgroundInput.Whole(item, BackgroundShapes.For(item.Work.Width, item.Work.Height))];
        item.Cartoon = new float[item.Work.Width * item.Work.Height * 3];
        return new TileLayout(item.Work.Width, item.Work.Height, _options.TileSide, _options.TileOverlap)
            .Inputs(item, BackgroundShapes.For(plan));
    }

    /// <summary>The item's plan, from its work size (which a plan leaves as it is).</summary>
    private DetailPlan PlanOf(WorkItem item) =>
        DetailPlan.For(item.Work.Width, item.Work.Height, item.Request.Parameters.Detail, _options);

    /// <summary>Each item's faces: those it brought (no detector pass), else found on its work image.</summary>
    private void Detect(string style, List<WorkItem> group)
    {
        foreach (var item in group)
        {
            if (item.Request.Faces is { } supplied)
            {
                item.Faces = SuppliedFaces.ToWork(supplied, item, _options.MaxFacesPerImage);
                continue;
            }
            var pass = Stopwatch.StartNew();
            item.Faces = DetectOn(item.Work, item.Request.Parameters.Detail);
            _metrics.RecordPass("detect", style, Device, pass.Elapsed);
        }
    }

    /// <summary>A High item is also searched at <see cref="EngineOptions.HighDetailDetectLongSide"/>, for faces too small at the usual scale.</summary>
    private IReadOnlyList<DetectedFace> DetectOn(PixelBuffer work, Detail detail) =>
        _detector.Detect(work, _options.MaxFacesPerImage, DetectSides(detail));

    /// <summary>All faces of the group in one head pass (more only above MaxHeadBatch). Returns passes run.</summary>
    private int RunHeads(StyleModels models, List<WorkItem> group, CancellationToken ct)
    {
        var faces = group.SelectMany(item => item.Faces.Select(face => (Item: item,
            ToCrop: SimilarityTransform.Fit(face.Landmarks, SimilarityTransform.Template288)))).ToList();
        var passes = 0;
        const int crop = FaceWarp.CropSize * FaceWarp.CropSize * 3;
        foreach (var chunk in faces.Chunk(BatchPasses ? _options.MaxHeadBatch : 1))
        {
            var batch = Buckets.HeadBatch(chunk.Length, _options.MaxHeadBatch, PadBatch);
            var input = new float[batch * crop];
            if (batch > chunk.Length)
                input.AsSpan(chunk.Length * crop).Fill(255f);
            Parallel.For(0, chunk.Length, k => FaceWarp.WarpToCrop(chunk[k].Item.Work, chunk[k].ToCrop, input.AsSpan(k * crop, crop)));
            var output = GC.AllocateUninitializedArray<float>(input.Length);
            var pass = Stopwatch.StartNew();
            models.Head.Run(input, output, batch, FaceWarp.CropSize, FaceWarp.CropSize, ct);
            _metrics.RecordPass("head", models.Style, Device, pass.Elapsed);
            passes++;
            // Faces of one item are pasted in order (largest first, as the reference) and never concurrently.
            Parallel.ForEach(chunk.Select((f, k) => (f, k)).GroupBy(x => x.f.Item), itemFaces =>
            {
                foreach (var (face, k) in itemFaces)
                    FaceWarp.PasteBack(output.AsSpan(k * crop, crop), _blendMask, face.ToCrop, face.Item.Cartoon, face.Item.Work.Width, face.Item.Work.Height);
            });
        }
        return passes;
    }

    /// <summary>Detection alone on the work image of one input, as a group call finds its faces (diagnostics and tests).</summary>
    internal IReadOnlyList<DetectedFace> DetectFaces(ReadOnlyMemory<byte> image, Detail detail = Detail.Standard)
    {
        using var decoded = ImageDecoder.Decode(image, _limits);
        return DetectOn(WorkImage(PixelBuffer.From(decoded), detail), detail);
    }

    private CartoonResult? Guard(CartoonRequest request, Func<CartoonResult?> action)
    {
        try
        {
            return action();
        }
        catch (ImageRejectedException ex)
        {
            return CartoonResult.Failed(request.Id, ex.Reason, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogItemFailed(ex, request.Id);
            return CartoonResult.Failed(request.Id, FailureReasons.Internal, "The item could not be processed.");
        }
    }

    /// <summary>
    /// Waits for the group in flight: disposing sessions under a running pass aborts the process natively.
    /// Idempotent: the container disposes the one instance once per registration (CartoonEngine and ICartoonEngine),
    /// and a second wait on the gate taken by the first would never return.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _gate.Wait();
        _models.Dispose();
        _detector.Dispose();
        if (_ownsMetrics)
            _metrics.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cartoon engine: models {ModelsDirectory}, device {Device} (CUDA fallback: {Fallback}), intra-op threads {Threads}, passes {Batching}, bg shapes {BgShapes}, pad batch to bucket: {PadBatch}")]
    private partial void LogCreated(string modelsDirectory, string device, string fallback, int threads, string batching, string bgShapes, bool padBatch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group: {Items} items, {Succeeded} ok, {Faces} faces, {BgPasses} bg passes, {HeadPasses} head passes on {Device} in {Ms:F0} ms")]
    private partial void LogGroup(int items, int succeeded, int faces, int bgPasses, int headPasses, string device, double ms);

    [LoggerMessage(Level = LogLevel.Information, Message = "GPU memory gauge off: NVML unavailable ({Reason})")]
    private partial void LogNoNvml(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Item {Id} failed unexpectedly")]
    private partial void LogItemFailed(Exception ex, string? id);
}
