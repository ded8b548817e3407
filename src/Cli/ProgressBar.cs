namespace Cartoon.Cli;

/// <summary>A one-line progress bar redrawn in place, with the stage the current group is in; silent when output is redirected.</summary>
internal sealed class ProgressBar(TextWriter writer, int total, bool enabled) : IDisposable
{
    private const int Width = 30;
    private readonly Lock _lock = new();
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
        writer.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {_done}/{total} {_stage,-10}");
    }

    public void Dispose()
    {
        if (enabled && !_finished)
            writer.WriteLine();
        _finished = true;
    }
}
