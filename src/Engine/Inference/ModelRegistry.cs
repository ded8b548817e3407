using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Cartoon.Engine.Inference;

/// <summary>Loads each style once and keeps it resident; styles not preloaded load on first use.</summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<StyleModels>> _styles = new(StringComparer.Ordinal);
    private readonly SessionFactory _factory;
    private readonly ILogger _logger;
    private readonly Action<string, TimeSpan>? _loaded;
    private readonly IPassListener? _listener;

    /// <param name="loaded">Told each style's load time (cartoon_model_load_seconds).</param>
    public ModelRegistry(string modelsDirectory, SessionFactory factory, ILogger logger, Action<string, TimeSpan>? loaded = null)
        : this(modelsDirectory, factory, logger, loaded, listener: null)
    {
    }

    internal ModelRegistry(string modelsDirectory, SessionFactory factory, ILogger logger, Action<string, TimeSpan>? loaded, IPassListener? listener)
    {
        _loaded = loaded;
        _listener = listener;
        ModelsDirectory = modelsDirectory;
        _factory = factory;
        _logger = logger;
        // Fail fast on a broken install: every style's files and the detector must be there, loaded or not.
        ModelFiles.Require(modelsDirectory, ModelFiles.Detector);
        ModelFiles.Require(modelsDirectory, ModelFiles.BlendMask);
        foreach (var style in Styles.All)
        {
            ModelFiles.Require(modelsDirectory, ModelFiles.Head(style));
            ModelFiles.Require(modelsDirectory, ModelFiles.Background(style));
        }
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
        var head = new GeneratorNet(_factory.Create(ModelFiles.Require(ModelsDirectory, ModelFiles.Head(style))), $"{style}/head", _factory.ShrinkCpuArenaAfterRun, _listener);
        var bg = new GeneratorNet(_factory.Create(ModelFiles.Require(ModelsDirectory, ModelFiles.Background(style))), $"{style}/bg", _factory.ShrinkCpuArenaAfterRun, _listener);
        _loaded?.Invoke(style, sw.Elapsed);
        _logger.LogInformation("Loaded style {Style} on {Device} in {Ms:F0} ms", style, _factory.Device, sw.Elapsed.TotalMilliseconds);
        return new StyleModels(style, head, bg);
    }

    public void Dispose()
    {
        foreach (var lazy in _styles.Values.Where(l => l.IsValueCreated))
            lazy.Value.Dispose();
    }
}
