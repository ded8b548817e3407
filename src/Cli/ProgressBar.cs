namespace Cartoon.Cli;

/// <summary>A one-line progress bar redrawn in place; silent when output is redirected.</summary>
internal sealed class ProgressBar(TextWriter writer, int total, bool enabled) : IDisposable
{
    private const int Width = 30;
    private int _done;
    private bool _finished;

    public void Advance(int count)
    {
        _done += count;
        if (!enabled)
            return;
        var filled = total == 0 ? Width : _done * Width / total;
        writer.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {_done}/{total}");
    }

    public void Dispose()
    {
        if (enabled && !_finished)
            writer.WriteLine();
        _finished = true;
    }
}
