using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Cartoon.Tests.Shared.Paths;

namespace Cartoon.Tests.Shared.Stack;

/// <summary>
/// A real Gateway or GpuWorker process (<c>dotnet &lt;dll&gt;</c> of its build, so <see cref="Pid"/> is the app itself,
/// not a `dotnet run` wrapper), configured only through environment variables, with Kestrel on a free loopback port.
/// The fault tests kill it (<see cref="Kill"/>: SIGKILL, no graceful stop) or stop it (<see cref="StopAsync"/>: SIGTERM,
/// the host's graceful shutdown) and start another on the same broker and store. Its stdout and stderr are kept in a
/// bounded buffer (<see cref="Output"/>) for failure messages (<see cref="Describe"/>), raised as <see cref="Line"/> and,
/// when asked, written to a log file. Disposing kills what is still running; so does the calling process's exit.
/// </summary>
public sealed class AppProcess : IAsyncDisposable, IDisposable
{
    private const int OutputLimitChars = 256 * 1024;
    private const int Sigterm = 15;

    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly Stopwatch _sinceStart = new();
    private readonly StreamWriter? _log;
    private readonly LinkedList<string> _lines = new();
    private readonly object _outputLock = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private int _outputChars;
    private int _droppedLines;
    private bool _disposed;

    static AppProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception)
            {
                // already gone
            }
        }
    };

    private AppProcess(string name, AppProject project, Process process, int port, StreamWriter? log)
    {
        Name = name;
        Project = project;
        _process = process;
        _log = log;
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    public AppProject Project { get; }

    public int Port { get; }

    /// <summary>http://127.0.0.1:&lt;port&gt;/</summary>
    public Uri Url { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The caller ended it (<see cref="Kill"/> or <see cref="StopAsync"/>); an exit without this is a crash.</summary>
    public bool EndedByTest { get; private set; }

    /// <summary>The exit code once the process exited (137 after <see cref="Kill"/>: 128 + SIGKILL), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Resident set size now (VmRSS), bytes; 0 once the process is gone.</summary>
    public long RssBytes => HasExited ? 0 : ProcStatus.Bytes(Pid, "VmRSS:");

    /// <summary>Peak resident set size since start (VmHWM), bytes; 0 once the process is gone.</summary>
    public long PeakRssBytes => HasExited ? 0 : ProcStatus.Bytes(Pid, "VmHWM:");

    /// <summary>Raised for every line the app writes (stdout and stderr), on a thread-pool thread.</summary>
    public event Action<string>? Line;

    /// <summary>The last ~256 KB of stdout and stderr, interleaved as they came.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                var text = new StringBuilder();
                if (_droppedLines > 0)
                    text.Append("[... ").Append(_droppedLines).AppendLine(" earlier lines dropped ...]");
                foreach (var line in _lines)
                    text.AppendLine(line);
                return text.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet &lt;dll&gt;</c> in the dll's folder (its appsettings.json applies) with this process's
    /// environment plus <paramref name="settings"/>: configuration keys ("Messaging:Transport" or "Messaging__Transport")
    /// or plain variables; a null value removes the variable. ASPNETCORE_URLS is set to <paramref name="port"/> (a free
    /// loopback port when null).
    /// </summary>
    /// <param name="name">For messages and the log file; default the project folder in lower case.</param>
    /// <param name="logDirectory">When given, every line also goes to &lt;logDirectory&gt;/&lt;name&gt;.log.</param>
    /// <param name="repoRoot">The checkout whose build runs (another worktree for a before/after run); default this one.</param>
    /// <param name="configuration">The build to run; default <see cref="AppProject.BuiltConfiguration"/>.</param>
    public static AppProcess Start(AppProject project, IEnumerable<KeyValuePair<string, string?>> settings, int? port = null, string? name = null,
        string? logDirectory = null, string? repoRoot = null, string? configuration = null)
    {
        var dll = project.DllPath(repoRoot ?? TestPaths.RepoRoot, configuration ?? AppProject.BuiltConfiguration);
        var listenPort = port ?? Ports.Unused();
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{listenPort}";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // As the images run them (deploy/docker/*.Dockerfile): bounded glibc arenas, or native buffers freed by ONNX
        // Runtime and ImageSharp stay in per-thread arenas and RSS creeps up (docs/reliability.md, Hostile input).
        info.Environment["MALLOC_ARENA_MAX"] = "2";
        info.Environment["MALLOC_MMAP_THRESHOLD_"] = project.MallocMmapThreshold;
        // Plain lines (no colors, one line per entry), so the buffer reads well in a failure message and a log.
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        info.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        info.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        foreach (var (key, value) in settings)
        {
            var variable = key.Replace(":", "__", StringComparison.Ordinal);
            if (value is null)
                info.Environment.Remove(variable);
            else
                info.Environment[variable] = value;
        }

        name ??= project.Folder.ToLowerInvariant();
        StreamWriter? log = null;
        if (logDirectory is not null)
        {
            Directory.CreateDirectory(logDirectory);
            log = new StreamWriter(Path.Combine(logDirectory, $"{name}.log")) { AutoFlush = true };
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppProcess(name, project, process, listenPort, log);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data is null ? null : "[stderr] " + e.Data);
        app._sinceStart.Start();
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {info.FileName} {dll}");
        Running[process.Id] = process;
        process.Exited += (_, _) => Running.TryRemove(process.Id, out _);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>A client for this process; redirects are not followed (a 302 to a presigned URL is an answer to check).</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Url, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Polls <paramref name="path"/> (default /health/ready) every 50 ms until it answers 2xx; fails at once if the
    /// process exits. Returns the time from process start to the first 2xx (the bench reports it).
    /// </summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout, string path = "/health/ready")
    {
        using var http = CreateClient(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (true)
        {
            if (HasExited)
                throw new InvalidOperationException($"{Name} exited before it was ready. {Describe()}");
            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode)
                    return _sinceStart.Elapsed;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Name} not ready at {path} within {timeout} (last: {last}). {Describe()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for an output line matching <paramref name="match"/> (lines already seen count); returns it.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_outputLock)
        {
            var line = _lines.FirstOrDefault(match);
            if (line is not null)
                return line;
            _waiters.Add((match, seen));
        }
        try
        {
            return await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name}: no matching output line within {timeout}. {Describe()}");
        }
        finally
        {
            lock (_outputLock)
                _waiters.RemoveAll(w => w.Seen == seen);
        }
    }

    /// <summary>kill -9 of the app alone, as a crash would end it: nothing flushed, nothing acked; waits until it is gone.</summary>
    public void Kill()
    {
        EndedByTest = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false); // SIGKILL on Unix
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM (the host's graceful shutdown), then waits for the exit; SIGKILL if it outlives <paramref name="timeout"/>. Returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        EndedByTest = true;
        if (!_process.HasExited)
        {
            if (SendSignal(_process.Id, Sigterm) != 0)
                throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
            using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw new TimeoutException($"{Name} did not stop within {timeout} of SIGTERM; killed. {Describe()}");
            }
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Name, pid, state and the buffered output: for assertion messages.</summary>
    public string Describe() =>
        $"--- {Name} ({Project.AssemblyName}, pid {_process.Id}, {(HasExited ? $"exited {ExitCode}" : "running")}) output ---{Environment.NewLine}{Output}--- end of {Name} ---";

    /// <summary>Kills the app and whatever it started (ffmpeg …), waits for the exit, closes the log; idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            EndedByTest = true;
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (Exception)
        {
            // best effort: the process may already be gone
        }
        _process.Dispose();
        lock (_outputLock)
            _log?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputLock)
        {
            if (!_disposed)
                _log?.WriteLine(line);
            _lines.AddLast(line);
            _outputChars += line.Length + 1;
            while (_outputChars > OutputLimitChars && _lines.First is { } first)
            {
                _outputChars -= first.Value.Length + 1;
                _lines.RemoveFirst();
                _droppedLines++;
            }
            foreach (var (match, seen) in _waiters)
            {
                if (match(line))
                    seen.TrySetResult(line);
            }
        }
        Line?.Invoke(line);
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
