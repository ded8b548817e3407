using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Cartoon.Media.Ffmpeg;
using Microsoft.Extensions.Options;

namespace Cartoon.Media;

/// <summary>
/// Runs ffmpeg and ffprobe as child processes: arguments as a list (no shell), a timeout and cancellation that kill
/// the process tree, the stderr tail in every failure, and resource limits.
/// <para>
/// Limits: <c>-threads</c> is the callers' (it is an option per decoder and encoder). Memory is capped by running the
/// tool under <c>prlimit --as=N</c> (RLIMIT_AS, inherited through exec): .NET cannot set an rlimit between fork and
/// exec, cgroups need privileges a container rarely has, and prlimit (util-linux) is on every Debian. RLIMIT_AS counts
/// address space, so MALLOC_ARENA_MAX=2 stops glibc reserving 64 MiB per decoder thread that is never touched; an
/// allocation past the cap fails inside ffmpeg, which exits with "Cannot allocate memory" instead of taking the host's
/// memory. prlimit execs the tool, so the process killed on timeout is the tool itself.
/// </para>
/// </summary>
public sealed class FfmpegRunner
{
    /// <summary>Most stdout collected as text (ffprobe's JSON is a few KiB; more means a file with absurdly many streams).</summary>
    public const int MaxCapturedStdoutChars = 4 * 1024 * 1024;

    private const int StderrTailChars = 4000;

    private readonly MediaOptions options;
    private readonly string ffmpeg;
    private readonly string ffprobe;
    private readonly string? prlimit;

    public FfmpegRunner(IOptions<MediaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        ffmpeg = ExecutableLocator.Find(this.options.FfmpegPath) ?? this.options.FfmpegPath;
        ffprobe = ExecutableLocator.Find(this.options.FfprobePath) ?? this.options.FfprobePath;
        prlimit = this.options.MemoryLimitBytes > 0 ? ExecutableLocator.Find(this.options.PrlimitPath) : null;
        if (this.options.MemoryLimitBytes > 0 && prlimit is null)
            throw new InvalidOperationException(
                $"{MediaOptions.Section}:PrlimitPath '{this.options.PrlimitPath}' was not found; it applies {MediaOptions.Section}:MemoryLimitBytes.");
    }

    public MediaOptions Options => options;

    /// <summary>
    /// Runs <paramref name="command"/> to its end. Throws <see cref="FfmpegException"/> when the tool cannot start, exits
    /// non-zero or times out; <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires;
    /// and whatever the command's own stdin/stdout delegates throw (the process is killed first).
    /// </summary>
    public async Task<FfmpegResult> RunAsync(FfmpegCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.StartNew();
        using var process = new Process { StartInfo = StartInfo(command) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new FfmpegException(command.Tool, $"{Name(command.Tool)} could not be started ({process.StartInfo.FileName}): {ex.Message}", null, false, "", ex);
        }

        using var timeout = new CancellationTokenSource(command.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stderr = new StderrTail(StderrTailChars);
        Task stderrTask = stderr.CollectAsync(process.StandardError);
        var stdout = new StringBuilder();
        Task stdinTask, stdoutTask;
        using (linked.Token.Register(() => Kill(process)))
        {
            stdinTask = KillOnFailureAsync(WriteStdinAsync(process, command, linked.Token), process);
            stdoutTask = KillOnFailureAsync(ReadStdoutAsync(process, command, stdout, linked.Token), process);
            try
            {
                await Task.WhenAll(stdinTask, stdoutTask).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Judged below, once the process has exited: its exit code and stderr say more than a broken pipe.
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await stderrTask.ConfigureAwait(false);
        }

        string tail = stderr.ToString();
        cancellationToken.ThrowIfCancellationRequested();
        if (timeout.IsCancellationRequested)
            throw new FfmpegException(command.Tool,
                $"{Name(command.Tool)} ran past its {command.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s timeout and was killed.",
                null, true, tail);

        // The delegates' own failures (a consumer that threw) win over the exit code they caused by killing.
        if (FirstFailure(stdoutTask, stdinTask) is { } failure and not IOException)
            ExceptionDispatchInfo.Capture(failure).Throw();
        if (process.ExitCode != 0)
            throw new FfmpegException(command.Tool, $"{Name(command.Tool)} exited with code {process.ExitCode}{MemoryNote()}.", process.ExitCode, false, tail);
        // Exit 0 after a broken pipe: the tool stopped reading stdin on purpose (e.g. -frames:v was reached).
        if (stdoutTask.Exception?.InnerException is { } readFailure)
            ExceptionDispatchInfo.Capture(readFailure).Throw();
        return new FfmpegResult(stdout.ToString(), tail, started.Elapsed);
    }

    private ProcessStartInfo StartInfo(FfmpegCommand command)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        string tool = command.Tool == MediaTool.Ffmpeg ? ffmpeg : ffprobe;
        if (prlimit is not null)
        {
            info.FileName = prlimit;
            info.ArgumentList.Add($"--as={options.MemoryLimitBytes.ToString(CultureInfo.InvariantCulture)}");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(tool);
        }
        else
        {
            info.FileName = tool;
        }

        info.ArgumentList.Add("-hide_banner");
        info.ArgumentList.Add("-loglevel");
        info.ArgumentList.Add("error");
        if (command.Tool == MediaTool.Ffmpeg)
        {
            // No keyboard interaction (ffmpeg would otherwise read commands from stdin) and no progress lines.
            info.ArgumentList.Add("-nostdin");
            info.ArgumentList.Add("-nostats");
        }

        foreach (string argument in command.Arguments)
            info.ArgumentList.Add(argument);
        info.Environment["MALLOC_ARENA_MAX"] = "2";
        info.Environment["LC_ALL"] = "C";
        return info;
    }

    private static async Task WriteStdinAsync(Process process, FfmpegCommand command, CancellationToken cancellationToken)
    {
        Stream stdin = process.StandardInput.BaseStream;
        try
        {
            if (command.Stdin is not null)
            {
                await command.Stdin(stdin, cancellationToken).ConfigureAwait(false);
                await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process is gone and took the pipe with it; its exit code tells why.
            }
        }
    }

    private static async Task ReadStdoutAsync(Process process, FfmpegCommand command, StringBuilder collected, CancellationToken cancellationToken)
    {
        Stream stdout = process.StandardOutput.BaseStream;
        if (command.Stdout is not null)
        {
            await command.Stdout(stdout, cancellationToken).ConfigureAwait(false);
            await stdout.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var buffer = new char[16 * 1024];
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (collected.Length + read > MaxCapturedStdoutChars)
                throw new InvalidDataException($"{Name(command.Tool)} wrote more than {MaxCapturedStdoutChars} characters to stdout.");
            collected.Append(buffer, 0, read);
        }
    }

    /// <summary>A delegate that failed leaves nothing to feed or drain the other pipe: kill at once rather than deadlock.</summary>
    private static async Task KillOnFailureAsync(Task io, Process process)
    {
        try
        {
            await io.ConfigureAwait(false);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    private static Exception? FirstFailure(params Task[] tasks) =>
        tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);

    private string MemoryNote() =>
        prlimit is null ? "" : $" (address space capped at {options.MemoryLimitBytes / (1024 * 1024)} MiB)";

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting as we asked; nothing left to kill.
        }
    }

    private static string Name(MediaTool tool) => tool == MediaTool.Ffmpeg ? "ffmpeg" : "ffprobe";
}
