using System.Diagnostics;
using System.Globalization;

namespace Cartoon.Bench;

/// <summary>
/// `cli [--runs N] [--keep] [--out FILE]`: the six-portrait mix of issue 13 converted by whole processes, as a user runs them:
/// the CLI with its default options, with `--max-batch 1`, with `--threads 1` (what ONNX Runtime's own thread default
/// gave on 2-vCPU machines before the engine set every core), and the plain pipeline (<see cref="NaivePeer"/>),
/// runs of the three interleaved; wall time and peak RSS from /usr/bin/time. Needs `dotnet build -c Release` of
/// src/Cli and the bench.
/// </summary>
internal static class CliBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Args.Int(args, "--runs", 3);
        var report = new Report(Args.String(args, "--out"));
        report.Header("Six portraits, whole processes: CLI vs the plain pipeline", $"dotnet bench/Cartoon.Bench/bin/Release/net10.0/Cartoon.Bench.dll cli --runs {runs}");
        var root = TestPaths.RepoRoot;
        var cli = Path.Combine(root, "src", "Cli", "bin", "Release", "net10.0", "cartoon.dll");
        if (!File.Exists(cli))
            throw new FileNotFoundException($"{cli} not built: dotnet build -c Release src/Cli", cli);
        var work = Directory.CreateTempSubdirectory("cartoon-cli-bench-");
        var inputs = Path.Combine(work.FullName, "in");
        Directory.CreateDirectory(inputs);
        var mix = Portraits.SixMix();
        foreach (var (name, bytes) in mix)
            await File.WriteAllBytesAsync(Path.Combine(inputs, name), bytes);
        var files = mix.Select(m => Path.Combine(inputs, m.Name)).ToArray();
        report.Line($"Inputs: {string.Join(", ", mix.Select(m => m.Name))} (style anime). {runs} runs of each, interleaved; median wall, max of peak RSS.");
        report.Line();

        (string Name, string[] Command)[] contenders =
        [
            ("CLI, default options", ["dotnet", cli, "convert", inputs, "--out", Path.Combine(work.FullName, "cli"), "--style", "anime"]),
            ("CLI, --max-batch 1", ["dotnet", cli, "convert", inputs, "--out", Path.Combine(work.FullName, "cli-1"), "--style", "anime", "--max-batch", "1"]),
            ("CLI, --threads 1", ["dotnet", cli, "convert", inputs, "--out", Path.Combine(work.FullName, "cli-t1"), "--style", "anime", "--threads", "1"]),
            ("plain pipeline (one at a time, ORT defaults)", ["dotnet", typeof(CliBench).Assembly.Location, "naive", .. files, "--out", Path.Combine(work.FullName, "naive")]),
        ];
        var results = contenders.ToDictionary(c => c.Name, _ => new List<(double Seconds, double PeakMiB)>());
        for (var r = 0; r < runs; r++)
            foreach (var (name, command) in contenders)
                results[name].Add(await TimeAsync(command, root));

        var peer = Stats.Median(results[contenders[^1].Name].Select(x => x.Seconds));
        report.Line("| process | wall s (median) | peak RSS MiB | plain pipeline / this |");
        report.Line("| --- | --- | --- | --- |");
        foreach (var (name, _) in contenders)
        {
            var wall = Stats.Median(results[name].Select(x => x.Seconds));
            report.Line(string.Create(CultureInfo.InvariantCulture, $"| {name} | {wall:F2} | {results[name].Max(x => x.PeakMiB):F0} | {peer / wall:F2}× |"));
        }
        await report.SaveAsync();
        if (args.Contains("--keep"))
            Console.WriteLine($"Inputs and outputs kept in {work.FullName}");
        else
            work.Delete(recursive: true);
        return 0;
    }

    /// <summary>Runs a command under /usr/bin/time; its wall seconds and peak resident MiB.</summary>
    private static async Task<(double Seconds, double PeakMiB)> TimeAsync(string[] command, string workingDirectory)
    {
        var info = new ProcessStartInfo("/usr/bin/time", ["-f", "TIME %e %M", .. command])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{command[0]} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {process.ExitCode}: {stderr}");
        var line = stderr.Split('\n').Last(l => l.StartsWith("TIME ", StringComparison.Ordinal)).Split(' ');
        return (double.Parse(line[1], CultureInfo.InvariantCulture), double.Parse(line[2], CultureInfo.InvariantCulture) / 1024);
    }
}
