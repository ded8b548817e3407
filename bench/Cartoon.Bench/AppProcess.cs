using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cartoon.Bench;

/// <summary>
/// A Gateway or GpuWorker started from its Release build (`dotnet &lt;dll&gt;`, so <see cref="Pid"/> is the app itself, not
/// a `dotnet run` wrapper) on a free loopback port. Its output goes to a log file and to <see cref="Line"/>; disposing
/// kills it (the benchmarks' vhost and bucket are thrown away afterwards, so no graceful stop is needed).
/// </summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Stopwatch _sinceStart;

    private AppProcess(string name, Process process, Uri url, StreamWriter log, Stopwatch sinceStart)
    {
        Name = name;
        _process = process;
        Url = url;
        _log = log;
        _sinceStart = sinceStart;
    }

    public string Name { get; }
    public Uri Url { get; }
    public int Pid => _process.Id;

    /// <summary>Raised for every line the app writes (stdout and stderr), on a thread-pool thread.</summary>
    public event Action<string>? Line;

    /// <param name="project">"GpuWorker" or "Gateway" (src/&lt;project&gt;/bin/Release/net10.0/Cartoon.&lt;project&gt;.dll).</param>
    /// <param name="repoRoot">The checkout whose build runs (another worktree for a before/after run); null: this one.</param>
    public static AppProcess Start(string name, string project, IReadOnlyDictionary<string, string> environment, string logDirectory, string? repoRoot = null)
    {
        var bin = Path.Combine(repoRoot ?? RepoRoot(), "src", project, "bin", "Release", "net10.0");
        var dll = Path.Combine(bin, $"Cartoon.{project}.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} not built: dotnet build -c Release src/{project}", dll);
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", url.ToString().TrimEnd('/')])
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_NOLOGO"] = "1";
        // As the images run them (deploy/docker/*.Dockerfile): bounded glibc arenas, fixed mmap threshold (docs/operate.md).
        info.Environment["MALLOC_ARENA_MAX"] = "2";
        info.Environment["MALLOC_MMAP_THRESHOLD_"] = MallocMmapThreshold(project);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        Directory.CreateDirectory(logDirectory);
        var log = new StreamWriter(Path.Combine(logDirectory, $"{name}.log")) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start.");
        var app = new AppProcess(name, process, url, log, clock);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>The images' fixed mmap threshold: 32 MiB for the worker (its tensors stay in the arenas), 128 KiB for the gateway.</summary>
    public static string MallocMmapThreshold(string project) => project == "GpuWorker" ? "33554432" : "131072";

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.WriteLine(line);
        Line?.Invoke(line);
    }

    /// <summary>Polls /health/ready every 50 ms; returns the time from process start to the first 200.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before it was ready; see its log.");
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.IsSuccessStatusCode)
                    return _sinceStart.Elapsed;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (_sinceStart.Elapsed > timeout)
                throw new TimeoutException($"{Name} not ready within {timeout}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Resident set size now (VmRSS), bytes.</summary>
    public long RssBytes() => Rss.Bytes(Pid, "VmRSS:");

    /// <summary>Peak resident set size since start (VmHWM), bytes.</summary>
    public long PeakRssBytes() => Rss.Bytes(Pid, "VmHWM:");

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cartoon.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("Cartoon.sln not found above the working directory: run the bench from the repository.");
    }
}
