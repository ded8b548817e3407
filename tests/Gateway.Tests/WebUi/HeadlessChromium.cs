using System.Diagnostics;
using System.Text;

namespace Cartoon.Gateway.Tests.WebUi;

/// <summary>
/// Runs a Node script that drives Debian's chromium through npm playwright-core, both installed by
/// scripts/services.sh (ensure_packages, ensure_playwright). A missing piece fails the test with what to run:
/// the browser test is never skipped silently.
/// </summary>
public static class HeadlessChromium
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Where ./scripts/test.sh keeps test output (CARTOON_TEST_RESULTS), else .local/test-results.</summary>
    public static string ResultsDirectory =>
        Environment.GetEnvironmentVariable("CARTOON_TEST_RESULTS") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, ".local", "test-results");

    private static string Chromium => Environment.GetEnvironmentVariable("CARTOON_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static string NodeModules => Path.Combine(RepoRoot, ".local", "node", "node_modules");

    /// <summary>Runs <c>node script args…</c>; returns the exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string script, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Assert.True(File.Exists(Chromium),
            $"Chromium not found at {Chromium}. Run scripts/services.sh start (it installs Debian's chromium), or set CARTOON_CHROMIUM.");
        Assert.True(File.Exists(Path.Combine(NodeModules, "playwright-core", "package.json")),
            $"npm playwright-core not found under {NodeModules}. Run scripts/services.sh start (ensure_playwright installs it).");

        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        psi.Environment["CARTOON_NODE_MODULES"] = NodeModules;
        psi.Environment["CARTOON_CHROMIUM"] = Chromium;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[key] = value;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var readOut = PumpAsync(process.StandardOutput, stdout);
        var readErr = PumpAsync(process.StandardError, stderr);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(readOut, readErr);
            Assert.Fail($"The browser script ran past {timeout}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }
        await Task.WhenAll(readOut, readErr);
        return (process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
                into.AppendLine(line);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cartoon.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Cartoon.sln not found above {AppContext.BaseDirectory}");
    }
}
