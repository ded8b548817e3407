using System.Globalization;
using System.Text;

namespace Cartoon.Bench;

/// <summary>A markdown report printed as it is written and saved to `--out` (bench/results/…) at the end.</summary>
internal sealed class Report(string? outFile)
{
    private readonly StringBuilder _text = new();

    public void Line(FormattableString line) => Line(line.ToString(CultureInfo.InvariantCulture));

    public void Line(string line = "")
    {
        Console.WriteLine(line);
        lock (_text)
            _text.AppendLine(line);
    }

    /// <summary>The heading every report starts with: what ran, when, on which machine, under which load.</summary>
    public void Header(string title, string command)
    {
        Line($"# {title}");
        Line();
        Line($"Command: `{command}`");
        Line();
        Line($"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Environment.ProcessorCount} cores, {Machine.CpuModel()}, " +
             $"{Machine.MemoryGiB():F0} GiB; .NET {Environment.Version}; load average before: {Machine.LoadAverage()}.");
        Line();
    }

    public async Task SaveAsync()
    {
        Line();
        Line($"Load average after: {Machine.LoadAverage()}.");
        if (outFile is null)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        await File.WriteAllTextAsync(outFile, _text.ToString());
    }
}
