using System.ComponentModel.DataAnnotations;

namespace Cartoon.Engine;

/// <summary>Bound from configuration section "Engine"; validated at start.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Folder holding dctnet_*.onnx, retinaface_mnet025.onnx and the blend mask. Null: probe (see ModelLocator).</summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>Styles loaded and warmed at start; others load on first use and then stay resident.</summary>
    public List<string> Preload { get; set; } = [Styles.Default];

    /// <summary>Auto (CUDA, else CPU), Cuda (fail if unavailable) or Cpu.</summary>
    public DevicePreference Device { get; set; } = DevicePreference.Auto;

    /// <summary>
    /// Auto (fp16 variants on CUDA where present, else fp32), Fp32, or Fp16 (the variants required, on any device;
    /// on CPU only for checks: no faster there than fp32). The variants are made by `cartoon models fp16`.
    /// </summary>
    [EnumDataType(typeof(PrecisionPreference))]
    public PrecisionPreference Precision { get; set; } = PrecisionPreference.Auto;

    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>CUDA arena cap in bytes (0 = no cap).</summary>
    [Range(0, long.MaxValue)]
    public long CudaMemoryLimitBytes { get; set; }

    /// <summary>kSameAsRequested keeps the arena tight (groups vary); kNextPowerOfTwo trades memory for fewer allocations.</summary>
    [RegularExpression("^(kSameAsRequested|kNextPowerOfTwo)$")]
    public string CudaArenaExtendStrategy { get; set; } = "kSameAsRequested";

    /// <summary>
    /// How cuDNN picks each convolution's algorithm at a new input shape. HEURISTIC (default): cuDNN's heuristics, cheap at
    /// any shape. EXHAUSTIVE benchmarks every algorithm on the first pass at each new shape (and may take large workspaces
    /// meanwhile): perhaps faster kernels, but that first pass can outlast the pass itself many times, the warm-up runs
    /// every shape the tiers produce, and a shape it could not plan (an item beyond the largest tier's box, a new detector
    /// aspect) pays it inside a group. DEFAULT: one fixed algorithm.
    /// </summary>
    [RegularExpression("^(EXHAUSTIVE|HEURISTIC|DEFAULT)$")]
    public string CudnnConvAlgoSearch { get; set; } = "HEURISTIC";

    /// <summary>ONNX Runtime intra-op threads (0 = one per core this process may use; see SessionFactory.IntraOpThreads).</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin-wait between parallel sections (its session setting
    /// <c>session.intra_op.allow_spinning</c>). Null: off on the CPU, ONNX Runtime's default (on) on CUDA. Spinning
    /// threads hold their cores between the kernels of a pass, and a worker shares its cores with its own storage,
    /// broker and decode work: off, the worker spent 76–79 CPU-s on the path bench's 72 images against 86–94 with it
    /// on, and the passes were no slower (docs/benchmarks.md, "Issue 13", target 5).
    /// </summary>
    public bool? IntraOpSpinning { get; set; }

    /// <summary>
    /// ONNX Runtime's CPU arena. Off, every intermediate of a pass is a fresh mmap and its pages fault in on every pass:
    /// a bg pass took ~2× as long and most of the extra was kernel time (docs/benchmarks.md, "Issue 13"). On, the arena keeps what it grew to; <see cref="CpuArenaShrink"/> bounds that.
    /// </summary>
    public bool CpuMemoryArena { get; set; } = true;

    /// <summary>
    /// ONNX Runtime's memory pattern: per input shape, one block planned for all intermediates after the first run at
    /// that shape. Null: off on the CPU, where with mixed shapes the planned blocks pile up in the arena (RSS 531 → 627 MiB
    /// over four rounds of the six-portrait shapes, against a flat 397 MiB without, at the same speed: docs/benchmarks.md,
    /// "Issue 13"); on on CUDA (ONNX Runtime's default, bucketed shapes repeat).
    /// </summary>
    public bool? MemoryPattern { get; set; }

    /// <summary>
    /// When the CPU arena gives back its unused chunks (ONNX Runtime's run option
    /// <c>memory.enable_memory_arena_shrinkage</c>): Never, or AfterEachPass, which holds memory to the current pass but
    /// faults it in again every pass, as slow as the arena off (docs/benchmarks.md, "Issue 13": 957 vs 467 ms a pass).
    /// </summary>
    public ArenaShrink CpuArenaShrink { get; set; } = ArenaShrink.Never;

    /// <summary>Largest head pass; a group with more faces is split into passes of this size.</summary>
    [Range(1, 1024)]
    public int MaxHeadBatch { get; set; } = 16;

    /// <summary>DCT-Net cartoonizes at most this many faces per image, largest first.</summary>
    [Range(0, 64)]
    public int MaxFacesPerImage { get; set; } = 10;

    [Range(0.05, 0.999)]
    public float FaceScoreThreshold { get; set; } = 0.8f;

    /// <summary>Detection runs on the work image scaled to this long side.</summary>
    [Range(128, 2048)]
    public int DetectLongSide { get; set; } = 640;

    /// <summary>
    /// Work short side cap of a <see cref="Detail.High"/> item (never above the photo's own). 1536 works a 4000×3000 or
    /// 4032×3024 photo at 2048×1536, so its cartoon at full size is under 2× upscaled (no <see cref="ItemWarnings.Upscaled"/>);
    /// 1440 would leave both at 2.08–2.1×.
    /// </summary>
    [Range(16, 8192)]
    public int HighDetailShortSide { get; set; } = 1536;

    /// <summary>
    /// Side of the square tiles a <see cref="Detail.High"/> item's bg net runs on (a multiple of 16; a work side shorter
    /// than a tile is padded to 16, or to its bucket, instead). 816 covers a 1536 short side with two tiles and 3:2 and
    /// 4:3 long sides with three, at 1.13–1.27× the work image's pixels (docs/benchmarks.md, "detail=high").
    /// </summary>
    [Range(64, 4096)]
    public int TileSide { get; set; } = 816;

    /// <summary>
    /// Least overlap of neighbouring tiles, and the width of the cosine ramp that blends them: tiles are spread evenly, so
    /// they may overlap more, and then the ramp sits in the middle, away from each tile's own border. 0: hard cuts (for
    /// comparison only: the seams show).
    /// </summary>
    [Range(0, 1024)]
    public int TileOverlap { get; set; } = 64;

    /// <summary>
    /// <see cref="Detail.High"/> items are also searched for faces on the work image scaled to this long side, so faces
    /// too small at <see cref="DetectLongSide"/> are found; the faces of both searches are merged.
    /// </summary>
    [Range(128, 4096)]
    public int HighDetailDetectLongSide { get; set; } = 1600;

    /// <summary>Upper bound on the output's long side, whatever the request asks.</summary>
    [Range(16, 16384)]
    public int MaxOutputSide { get; set; } = 4096;

    [Range(1, long.MaxValue)]
    public long MaxInputBytes { get; set; } = 30L * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxInputPixels { get; set; } = 50_000_000;

    [Range(16, 65535)]
    public int MaxInputSide { get; set; } = 16_384;

    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Pad each pass's batch dimension up to a bucket (1, 2, 4, 8, 16, ...) with white images, so the nets see few
    /// shapes. Null: on for CUDA, off for CPU, where compute is linear in N and padding would only waste it. The memory
    /// cost model counts the padded batch: a tier's group limit is the largest whose padded pass fits the budget.
    /// </summary>
    public bool? PadBatchToBucket { get; set; }

    /// <summary>
    /// Whether a group's decoding and encoding run outside the engine's one-group-at-a-time gate, overlapping another
    /// group's passes. Null (default): on CUDA only. On a CPU the passes already use every core, so overlapping them with
    /// decoding only makes both slower (ORT's spinning threads lose their cores): there the whole call holds the gate
    /// (docs/benchmarks.md, "Whole path").
    /// </summary>
    public bool? OverlapStages { get; set; }

    /// <summary>
    /// How an item's bg input is padded: Exact (DCT-Net's pad to a multiple of 16) or Bucket (up to the next of
    /// <see cref="BucketSides"/>). Auto: Bucket on CUDA (few shapes to search algorithms for), Exact on the CPU. Either way
    /// the shape comes from the item alone, so its cartoon never depends on the other items of its group.
    /// </summary>
    public BackgroundShape BackgroundShape { get; set; } = BackgroundShape.Auto;

    /// <summary>
    /// Group: one bg pass per style and input shape over the group's items, one head pass per MaxHeadBatch faces.
    /// Single: one item (bg) or one face (head) per pass. Auto: Group on CUDA, where batching is the throughput;
    /// Single on the CPU, where it saves no compute (ONNX Runtime already spreads one image over every core) but every
    /// new batch size is a cold shape and a larger arena: a batch of two 720² bg passes took 4.4 s cold against
    /// 2.7 s for the two alone (docs/benchmarks.md, "Issue 13").
    /// </summary>
    public PassBatching PassBatching { get; set; } = PassBatching.Auto;

    /// <summary>Bucket sides (multiples of 16) an item's bg input is padded up to with <see cref="BackgroundShape"/> Bucket.</summary>
    public List<int> BucketSides { get; set; } = [.. Batching.ShapeBuckets.DefaultSides];

    /// <summary>
    /// Bg shapes (HxW, padded as <see cref="BackgroundShape"/> pads an item) warmed per preloaded style at start at N = 1,
    /// with one 288x288 head, on the CPU (and on CUDA where the host registers no groups, e.g. the CLI, or the bg shapes
    /// are Exact). A worker on CUDA instead warms every (N, H, W) its tiers can feed the nets (<see cref="Pipeline.WarmUpPlan"/>).
    /// <para>On the CPU what a warm-up buys is the session's slow very first run; the shape hardly matters (a new shape
    /// after it costs ~12 % more on its first run), so the default is small: 256² instead of 720² brought a worker's
    /// start to ready from 5.8–7.9 s to 4.2–4.4 s on 2 cores at the same throughput (docs/benchmarks.md, "Issue 13").</para>
    /// </summary>
    public List<string> WarmUpShapes { get; set; } = ["256x256"];

    public bool WarmUp { get; set; } = true;
}

