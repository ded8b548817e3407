using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Cartoon.Engine.Inference;

/// <summary>Loads each style once and keeps it resident; styles not preloaded load on first use.</summary>
public sealed partial class ModelRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<StyleModels>> _styles = new(StringComparer.Ordinal);
    private readonly SessionFactory _factory;
    private readonly PrecisionPolicy _precision;
    private readonly ILogger _logger;
    private readonly Action<string, ModelPrecision, TimeSpan>? _loaded;
    private readonly IPassListener? _listener;

    /// <param name="loaded">Told each style's precision and load time (cartoon_model_load_seconds).</param>
    public ModelRegistry(string modelsDirectory, SessionFactory factory, ILogger logger, Action<string, ModelPrecision, TimeSpan>? loaded = null)
        : this(modelsDirectory, factory, logger, loaded, listener: null)
    {
    }

    internal ModelRegistry(string modelsDirectory, SessionFactory factory, ILogger logger, Action<string, ModelPrecision, TimeSpan>? loaded, IPassListener? listener)
    {
        _loaded = loaded;
        _listener = listener;
        ModelsDirectory = modelsDirectory;
        _factory = factory;
        _logger = logger;
        _precision = new PrecisionPolicy(factory.Precision, factory.UseCuda, modelsDirectory);
        // Fail fast on a broken install: every style's files and the detector must be there, loaded or not.
        ModelFiles.Require(modelsDirectory, ModelFiles.Detector);
        ModelFiles.Require(modelsDirectory, ModelFiles.BlendMask);
        foreach (var style in Styles.All)
        {
            ModelFiles.Require(modelsDirectory, ModelFiles.Head(style));
            ModelFiles.Require(modelsDirectory, ModelFiles.Background(style));
        }
        _precision.RequireFiles();
        if (factory.Precision == PrecisionPreference.Fp16 && !factory.UseCuda)
            LogFp16OnCpu();
        if (factory.Precision == PrecisionPreference.Auto && factory.UseCuda && _precision.Incomplete() is { Count: > 0 } incomplete)
            LogIncompleteFp16(string.Join(", ", incomplete));
    }

    public string ModelsDirectory { get; }

    public IReadOnlyCollection<string> Loaded =>
        _styles.Where(kv => kv.Value.IsValueCreated).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();

    public StyleModels Get(string style)
    {
        if (!Styles.IsKnown(style))
            throw new ArgumentException($"Unknown style '{style}'. Known: {string.Join(", ", Styles.All)}.", nameof(style));
        return _styles.GetOrAdd(style, s => new Lazy<StyleModels>(() => Load(s))).Value;
    }

    private StyleModels Load(string style)
    {
        var sw = Stopwatch.StartNew();
        var precision = _precision.For(style);
        var head = Open(ModelFiles.Head(style, precision), $"{style}/head");
        GeneratorNet bg;
        try
        {
            bg = Open(ModelFiles.Background(style, precision), $"{style}/bg");
        }
        catch
        {
            head.Dispose();
            throw;
        }
        _loaded?.Invoke(style, precision, sw.Elapsed);
        LogLoaded(style, _factory.Device, precision.Label(), sw.Elapsed.TotalMilliseconds);
        return new StyleModels(style, precision, head, bg);
    }

    /// <summary>
    /// The engine feeds and reads float32 buffers, so a generator must keep float32 I/O; an fp16 file converted
    /// without keep-io would fail only at its first pass, with ORT's type error. Refuse it at load, naming the file.
    /// </summary>
    private GeneratorNet Open(string fileName, string name)
    {
        var path = ModelFiles.Require(ModelsDirectory, fileName);
        var session = _factory.Create(path);
        var input = session.InputMetadata.GetValueOrDefault(GeneratorNet.InputName);
        var output = session.OutputMetadata.GetValueOrDefault(GeneratorNet.OutputName);
        if (input?.ElementDataType == TensorElementType.Float && output?.ElementDataType == TensorElementType.Float)
            return new GeneratorNet(session, name, _factory.ShrinkCpuArenaAfterRun, _listener);
        session.Dispose();
        throw new InvalidDataException(
            $"{path} must take {GeneratorNet.InputName} and give {GeneratorNet.OutputName} as float32 " +
            $"(found {input?.ElementDataType.ToString() ?? "no such input"} / {output?.ElementDataType.ToString() ?? "no such output"}); " +
            "fp16 variants keep float32 I/O when made with `cartoon models fp16`.");
    }

    public void Dispose()
    {
        foreach (var lazy in _styles.Values.Where(l => l.IsValueCreated))
            lazy.Value.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded style {Style} on {Device} at precision {Precision} in {Ms:F0} ms")]
    private partial void LogLoaded(string style, string device, string precision, double ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engine:Precision is Fp16 on CPU: ONNX Runtime has no CPU kernels for most of the fp16 graph and runs it in fp32 between Casts, so it gains nothing there; use it for checks, not serving")]
    private partial void LogFp16OnCpu();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Styles {Styles} have only one of their two fp16 variants; they run fp32 (make both with `cartoon models fp16`)")]
    private partial void LogIncompleteFp16(string styles);
}
