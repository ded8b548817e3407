using System.Diagnostics;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// scripts/services.sh for the faults that hit the shared services: restart-rabbitmq, stop-s3, start-s3. The script
/// gets CARTOON_SERVICES_PORT_OFFSET derived from the broker address the tests were given (services.sh puts AMQP on
/// 5673 + offset and S3 on 9100 + offset), so it acts on exactly those services even when the variable was not
/// exported to the test process; a variable that disagrees is refused. Only the native services can be faulted.
/// </summary>
internal static class LocalServices
{
    private const int AmqpBasePort = 5673;
    private const int S3BasePort = 9100;

    public static async Task<TimeSpan> RunAsync(string command, TimeSpan? timeout = null)
    {
        if (Environment.GetEnvironmentVariable(StackServices.RabbitMqVariable) is not { Length: > 0 })
            throw new InvalidOperationException(
                $"The fault tests restart the services of scripts/services.sh; {StackServices.RabbitMqVariable} is not set. {ServicesFixture.HowToRun}");
        var clock = Stopwatch.StartNew();
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = TestPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "scripts", "services.sh"));
        info.ArgumentList.Add(command);
        info.Environment["CARTOON_SERVICES_PORT_OFFSET"] = PortOffset().ToString();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/services.sh {command} did not finish within {timeout}: {await stderr}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/services.sh {command} exited {process.ExitCode}: {await stdout}{await stderr}");
        return clock.Elapsed;
    }

    /// <summary>The offset of the services under test, from their ports.</summary>
    public static int PortOffset()
    {
        var amqp = new Uri(Environment.GetEnvironmentVariable(StackServices.RabbitMqVariable)!);
        var offset = amqp.Port - AmqpBasePort;
        if (ServicesFixture.Instance.S3Endpoint is { } s3 && int.Parse(s3.Split(':')[^1]) - S3BasePort != offset)
            throw new InvalidOperationException($"{StackServices.RabbitMqVariable} ({amqp}) and {StackServices.S3Variable} ({s3}) are not one scripts/services.sh set.");
        if (Environment.GetEnvironmentVariable("CARTOON_SERVICES_PORT_OFFSET") is { Length: > 0 } given && given != offset.ToString())
            throw new InvalidOperationException($"CARTOON_SERVICES_PORT_OFFSET={given} but the services under test run at offset {offset} ({amqp}).");
        return offset;
    }

    /// <summary>Both services up again (idempotent): every fault test ends with this, passed or failed.</summary>
    public static Task EnsureUpAsync() => RunAsync("start");
}
