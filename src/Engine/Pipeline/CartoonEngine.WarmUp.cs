using System.Diagnostics;
using Cartoon.Engine.Batching;
using Microsoft.Extensions.Logging;

namespace Cartoon.Engine.Pipeline;

public sealed partial class CartoonEngine
{
    /// <summary>The warm-up this engine runs for these groups on its device (see <see cref="WarmUpPlan"/>).</summary>
    public WarmUpPlan PlanWarmUp(IReadOnlyList<GroupBox>? groups = null) =>
        WarmUpPlan.For(_options, Buckets, BackgroundShapes, _sessions.UseCuda, PadBatch, groups);

    /// <summary>
    /// Loads the preloaded styles and runs the planned shapes on each, so the first real groups run warm: on CUDA every
    /// shape the host's <paramref name="groups"/> can produce; on CPU the configured shapes (see <see cref="WarmUpPlan"/>).
    /// </summary>
    public TimeSpan WarmUp(IReadOnlyList<GroupBox>? groups = null)
    {
        var sw = Stopwatch.StartNew();
        var plan = PlanWarmUp(groups);
        foreach (var style in _options.Preload.Distinct(StringComparer.Ordinal))
        {
            var models = _models.Get(style);
            if (!_options.WarmUp)
                continue;
            RunAll(models.Background, plan.Background);
            RunAll(models.Head, plan.Head);
        }
        if (_options.WarmUp)
            _detector.Detect(new Imaging.PixelBuffer(plan.Detector.Width, plan.Detector.Height), 1);
        LogWarm(string.Join(",", _models.Loaded), plan.Background.Count, plan.Head.Count, sw.Elapsed.TotalMilliseconds);
        _metrics.RecordWarmUp(sw.Elapsed);
        return sw.Elapsed;
    }

    /// <summary>Runs each shape; one white input buffer, sized for the largest, serves them all.</summary>
    private static void RunAll(Inference.GeneratorNet net, IReadOnlyList<NetShape> shapes)
    {
        if (shapes.Count == 0)
            return;
        var input = new float[shapes.Max(s => s.Pixels) * 3];
        input.AsSpan().Fill(255f);
        var output = new float[input.Length];
        foreach (var shape in shapes)
            net.Run(input, output, shape.Batch, shape.Height, shape.Width);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine warm: styles {Styles} loaded and warmed ({BgShapes} bg shapes, {HeadShapes} head shapes each) in {Ms:F0} ms")]
    private partial void LogWarm(string styles, int bgShapes, int headShapes, double ms);
}
