using Cartoon.Worker.Consumers;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

/// <summary>WorkerOptionsValidator: each time rule fails with its message, the defaults pass, every broken rule is reported at once.</summary>
public sealed class WorkerOptionsValidatorTests
{
    private const string Retry = "Worker:RetryIntervals must each lie in 0..10 min.";
    private const string Consume = "Worker:ConsumeTimeout must be > 0 when set.";
    private const string Base = "Worker:ConsumeTimeoutBase must be > 0 and ConsumeTimeoutPerItem >= 0.";
    private const string Stop = "Worker:StopTimeout must lie in (0, 1 h].";
    private const string Drain = "Worker:DrainTimeout must lie in [0, 1 h].";

    private static string[] Failures(WorkerOptions options)
    {
        var result = new WorkerOptionsValidator().Validate(Options.DefaultName, options);
        return result.Succeeded ? [] : [.. result.Failures!];
    }

    [Fact]
    public void The_defaults_pass() => Assert.Empty(Failures(new WorkerOptions()));

    public static TheoryData<string, string> Rules => new()
    {
        { "retry-negative", Retry }, { "retry-long", Retry }, { "consume", Consume }, { "base", Base }, { "per-item", Base },
        { "stop-zero", Stop }, { "stop-long", Stop }, { "drain-negative", Drain }, { "drain-long", Drain },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_fails_with_its_message(string broken, string message)
    {
        var options = new WorkerOptions();
        switch (broken)
        {
            case "retry-negative": options.RetryIntervals = [TimeSpan.FromSeconds(-1)]; break;
            case "retry-long": options.RetryIntervals = [TimeSpan.FromMinutes(11)]; break;
            case "consume": options.ConsumeTimeout = TimeSpan.Zero; break;
            case "base": options.ConsumeTimeoutBase = TimeSpan.Zero; break;
            case "per-item": options.ConsumeTimeoutPerItem = TimeSpan.FromSeconds(-1); break;
            case "stop-zero": options.StopTimeout = TimeSpan.Zero; break;
            case "stop-long": options.StopTimeout = TimeSpan.FromHours(2); break;
            case "drain-negative": options.DrainTimeout = TimeSpan.FromSeconds(-1); break;
            case "drain-long": options.DrainTimeout = TimeSpan.FromHours(2); break;
        }

        Assert.Equal([message], Failures(options));
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var options = new WorkerOptions
        {
            RetryIntervals = [TimeSpan.FromHours(1)], ConsumeTimeout = TimeSpan.Zero, ConsumeTimeoutBase = TimeSpan.Zero,
            StopTimeout = TimeSpan.Zero, DrainTimeout = TimeSpan.FromSeconds(-1),
        };

        Assert.Equal([Retry, Consume, Base, Stop, Drain], Failures(options));
    }
}
