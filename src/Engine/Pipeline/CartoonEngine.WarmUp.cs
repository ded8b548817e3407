using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Cartoon.Engine.Pipeline;

public sealed partial class CartoonEngine
{
    /// <summary>
    /// Loads the preloaded styles and runs each configured shape twice (the first runs at a new shape cost up
    /// to 2×, and on CUDA trigger the cuDNN algorithm search), so the first real group runs warm.
    /// </summary>
    public TimeSpan WarmUp()
    {
        var sw = Stopwatch.StartNew();
        var shapes = _options.WarmUpShapes.Select(ParseShape).ToArray();
        var headBatches = PadBatch
            ? Buckets.Batches.Where(b => b <= _options.MaxHeadBatch).ToArray()
            : [1];
        foreach (var style in _options.Preload.Distinct(StringComparer.Ordinal))
        {
            var models = _models.Get(style);
            if (!_options.WarmUp)
                continue;
            foreach (var (h, w) in shapes)
                RunTwice(models.Background, 1, h, w);
            foreach (var n in headBatches)
                RunTwice(models.Head, n, Faces.FaceWarp.CropSize, Faces.FaceWarp.CropSize);
        }
        if (_options.WarmUp)
            _detector.Detect(new Imaging.PixelBuffer(_options.DetectLongSide, _options.DetectLongSide), 1);
        LogWarm(string.Join(",", _models.Loaded), sw.Elapsed.TotalMilliseconds);
        _metrics.RecordWarmUp(sw.Elapsed);
        return sw.Elapsed;
    }

    private static void RunTwice(Inference.GeneratorNet net, int n, int h, int w)
    {
        var input = new float[n * h * w * 3];
        input.AsSpan().Fill(255f);
        var output = new float[input.Length];
        net.Run(input, output, n, h, w);
        net.Run(input, output, n, h, w);
    }

    private (int H, int W) ParseShape(string shape)
    {
        var parts = shape.Split('x', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], out var h) || !int.TryParse(parts[1], out var w) || h <= 0 || w <= 0)
            throw new FormatException($"Engine:WarmUpShapes entry '{shape}' must be HxW, e.g. 720x720.");
        return BackgroundShapes.For(w, h);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine warm: styles {Styles} loaded and warmed in {Ms:F0} ms")]
    private partial void LogWarm(string styles, double ms);
}
