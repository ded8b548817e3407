namespace Cartoon.Tests.Shared.Stack;

/// <summary>
/// The app processes one stack started, oldest first: what a stack checks for crashes, describes in a failure
/// message and kills at its end.
/// </summary>
public sealed class AppGroup : IAsyncDisposable
{
    private readonly List<AppProcess> _apps = [];
    private int _started;

    public IReadOnlyList<AppProcess> All
    {
        get
        {
            lock (_apps)
                return _apps.ToList();
        }
    }

    /// <summary>
    /// <see cref="AppProcess.Start"/>, kept in the group; without a name the project folder in lower case and a count
    /// ("gateway-1", "gpuworker-2"), so the processes of one stack stay apart in messages.
    /// </summary>
    public AppProcess Start(AppProject project, IEnumerable<KeyValuePair<string, string?>> settings, int? port = null, string? name = null,
        string? logDirectory = null, string? repoRoot = null, string? configuration = null)
    {
        name ??= $"{project.Folder.ToLowerInvariant()}-{Interlocked.Increment(ref _started)}";
        var app = AppProcess.Start(project, settings, port, name, logDirectory, repoRoot, configuration);
        lock (_apps)
            _apps.Add(app);
        return app;
    }

    /// <summary>Kills one app of the group now (e.g. a worker before a restart with other settings).</summary>
    public void Stop(AppProcess app)
    {
        app.Dispose();
        lock (_apps)
            _apps.Remove(app);
    }

    /// <summary>Processes that exited although no caller ended them: crashes.</summary>
    public IReadOnlyList<AppProcess> Crashed() => All.Where(p => p.HasExited && !p.EndedByTest).ToList();

    /// <summary>The output of every process started, for an assertion message.</summary>
    public string DescribeAll() => string.Join(Environment.NewLine, All.Select(p => p.Describe()));

    public ValueTask DisposeAsync()
    {
        foreach (var app in All)
            app.Dispose();
        lock (_apps)
            _apps.Clear();
        return ValueTask.CompletedTask;
    }
}
