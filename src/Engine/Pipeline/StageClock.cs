using System.Diagnostics;

namespace Cartoon.Engine.Pipeline;

internal enum Stage
{
    Decode,
    Background,
    Detect,
    Head,
    Compose,
}

/// <summary>Accumulates wall time per pipeline stage for one group.</summary>
internal sealed class StageClock
{
    private readonly double[] _ms = new double[Enum.GetValues<Stage>().Length];

    public double this[Stage stage] => _ms[(int)stage];

    public void Time(Stage stage, Action action) => Time(stage, () => { action(); return 0; });

    public T Time<T>(Stage stage, Func<T> action)
    {
        using var span = Diagnostics.EngineMetrics.ActivitySource.StartActivity(SpanName(stage));
        var sw = Stopwatch.StartNew();
        try
        {
            return action();
        }
        finally
        {
            _ms[(int)stage] += sw.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>Span names, children of "cartoonize group": decode, bg, detect, head, compose.</summary>
    public static string SpanName(Stage stage) => stage switch
    {
        Stage.Decode => "decode",
        Stage.Background => "bg",
        Stage.Detect => "detect",
        Stage.Head => "head",
        _ => "compose",
    };
}
