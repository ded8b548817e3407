using System.Diagnostics;

namespace Cartoon.Deploy.Tests;

/// <summary>Runs the apt-installed checkers (promtool, docker-compose, yamllint). A missing one fails the test
/// with a message naming the install step; it never skips.</summary>
public static class Tools
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
    }

    public static string Require(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0)
                continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }

        Assert.Fail($"'{name}' is not installed: run scripts/services.sh start (installs prometheus/promtool, " +
                    "docker-compose and yamllint with apt), or apt-get install it.");
        return name;
    }

    public static Result Run(string tool, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(Require(tool))
        {
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        // compose must not pick up variables of the test environment that would change its file
        psi.Environment.Remove("COMPOSE_FILE");
        psi.Environment.Remove("COMPOSE_PROFILES");

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', args)} did not finish in time");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
