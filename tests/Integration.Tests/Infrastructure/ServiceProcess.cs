using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>A host of src/ started as a process of its own: the project folder and the dll it builds.</summary>
public sealed record ServiceProject(string Folder, string AssemblyName)
{
    public static readonly ServiceProject Gateway = new("Gateway", "Cartoon.Gateway");
    public static readonly ServiceProject GpuWorker = new("GpuWorker", "Cartoon.GpuWorker");

    /// <summary>src/&lt;Folder&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;AssemblyName&gt;.dll, built with the tests (see Integration.Tests.csproj).</summary>
    public string DllPath()
    {
        var dll = Path.Combine(ServiceProcess.RepoRoot, "src", Folder, "bin", ServiceProcess.Configuration, "net10.0", AssemblyName + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException(
                $"{dll} does not exist: build it first (dotnet build Cartoon.sln -c {ServiceProcess.Configuration}; the Integration.Tests project builds it too).", dll);
    }
}

/// <summary>
/// A real Gateway or GpuWorker process (<c>dotnet &lt;dll&gt;</c>), configured only through environment variables, with
/// Kestrel on a free loopback port. The fault tests kill it (<see cref="Kill"/>: SIGKILL, no graceful stop) or stop it
/// (<see cref="StopAsync"/>: SIGTERM, the host's graceful shutdown) and start another on the same broker and store.
/// Its stdout and stderr are kept in a bounded buffer (<see cref="Output"/>) for failure messages (<see cref="Describe"/>).
/// Disposing kills what is still running; so does the test process's exit.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int OutputLimitChars = 256 * 1024;
    private const int Sigterm = 15;

    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    private readonly Process _process;
    private readonly LinkedList<string> _lines = new();
    private readonly object _outputLock = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private int _outputChars;
    private int _droppedLines;

    static ServiceProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill();
            }
            catch (Exception)
            {
                // already gone
            }
        }
    };

    private ServiceProcess(string name, ServiceProject project, Process process, int port)
    {
        Name = name;
        Project = project;
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The folder holding Cartoon.sln, found walking up from the test binaries.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>The configuration the tests were built in (Debug / Release): the hosts' dlls are taken from the same.</summary>
    public static string Configuration { get; } =
        typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "Debug";

    public string Name { get; }

    public ServiceProject Project { get; }

    public int Port { get; }

    /// <summary>http://127.0.0.1:&lt;port&gt;/</summary>
    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The test ended it (<see cref="Kill"/> or <see cref="StopAsync"/>); an exit without this is a crash.</summary>
    public bool EndedByTest { get; private set; }

    /// <summary>The exit code once the process exited (137 after <see cref="Kill"/>: 128 + SIGKILL), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Resident set size (VmRSS of /proc/&lt;pid&gt;/status), in bytes; 0 once the process is gone.</summary>
    public long RssBytes
    {
        get
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
            }
            return 0;
        }
    }

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
    /// Starts <c>dotnet &lt;dll&gt;</c> in the dll's folder (its appsettings.json applies) with the test process's
    /// environment plus <paramref name="settings"/>: configuration keys ("Messaging:Transport" or "Messaging__Transport")
    /// or plain variables. ASPNETCORE_URLS is set to <paramref name="port"/> (a free loopback port when null). A null
    /// value removes the variable.
    /// </summary>
    public static ServiceProcess Start(ServiceProject project, IEnumerable<KeyValuePair<string, string?>> settings, int? port = null, string? name = null)
    {
        var dll = project.DllPath();
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
        info.Environment["MALLOC_MMAP_THRESHOLD_"] = project == ServiceProject.GpuWorker ? "33554432" : "131072";
        // Plain lines (no colors, one line per entry), so the buffer reads well in a failure message.
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

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(name ?? project.Folder.ToLowerInvariant(), project, process, listenPort);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data is null ? null : "[stderr] " + e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {info.FileName} {dll}");
        Running[process.Id] = process;
        process.Exited += (_, _) => Running.TryRemove(process.Id, out _);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>A client for this process; redirects are not followed (a 302 to a presigned URL is an answer to check).</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>Polls <paramref name="path"/> (default /health/ready) until it answers 2xx; fails at once if the process exits.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, string path = "/health/ready")
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
                    return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Name} not ready at {path} within {timeout} (last: {last}). {Describe()}");
            await Task.Delay(200);
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

    /// <summary>kill -9: no graceful stop, nothing flushed, nothing acked; waits until the process is gone.</summary>
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // best effort: the process may already be gone
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputLock)
        {
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
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cartoon.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"Cartoon.sln not found above {AppContext.BaseDirectory}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
