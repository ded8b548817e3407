using System.Text;

namespace Cartoon.Media.Ffmpeg;

/// <summary>The last lines of a process's stderr, bounded: a hostile file can make ffmpeg log a line per packet.</summary>
internal sealed class StderrTail(int maxChars)
{
    private readonly LinkedList<string> lines = new();
    private int chars;

    /// <summary>Reads <paramref name="reader"/> to its end, keeping the tail.</summary>
    public async Task CollectAsync(TextReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                if (line.Length > maxChars)
                    line = line[..(maxChars - 1)];
                lines.AddLast(line);
                chars += line.Length + 1;
                while (chars > maxChars && lines.First is { } first)
                {
                    chars -= first.Value.Length + 1;
                    lines.RemoveFirst();
                }
            }
        }
    }

    public override string ToString()
    {
        lock (lines)
        {
            var text = new StringBuilder(chars);
            foreach (string line in lines)
                text.Append(line).Append('\n');
            return text.ToString();
        }
    }
}
