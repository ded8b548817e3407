namespace Cartoon.Cli;

/// <summary>
/// A one-line progress bar redrawn in place, with the stage the current group is in; silent when output is redirected.
/// Given <paramref name="unit"/> and <paramref name="rateUnit"/> ("frames" and "fps" of a video) it also shows the
/// unit and the rate so far (units done per second since the bar was made).
/// </summary>
internal sealed class ProgressBar(TextWriter writer, int total, bool enabled, string? unit = null, string? rateUnit = null) : IDisposable
{
    private const int Width = 30;
    private readonly Lock _lock = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _done;
    private string _stage = "";
    private bool _finished;

    public void Advance(int count)
    {
        lock (_lock)
        {
            _done += count;
            _stage = "";
            Draw();
        }
    }

    /// <summary>The stage the images in flight are in (reading, decoding, inferring, encoding, writing).</summary>
    public void Stage(string stage)
    {
        lock (_lock)
        {
            _stage = stage;
            Draw();
        }
    }

    private void Draw()
    {
        if (!enabled)
            return;
        var filled = total == 0 ? Width : _done * Width / total;
        // Padded so a shorter line fully covers the longer one it redraws.
        var rate = unit is null || rateUnit is null
            ? ""
            : FormattableString.Invariant($" {unit}, {_done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9):F1} {rateUnit}");
        writer.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {_done}/{total}{rate} {_stage,-10}");
    }

    public void Dispose()
    {
        if (enabled && !_finished)
            writer.WriteLine();
        _finished = true;
    }
}
