using Cartoon.OptionsValidation;

namespace Cartoon.Worker.Consumers;

/// <summary>Checked at start (ValidateOnStart): the time rules beside the attributes of <see cref="WorkerOptions"/>, all reported at once.</summary>
public sealed class WorkerOptionsValidator : OptionsValidator<WorkerOptions>
{
    protected override IEnumerable<string> Failures(WorkerOptions options)
    {
        if (options.RetryIntervals.Any(i => i < TimeSpan.Zero || i > TimeSpan.FromMinutes(10)))
            yield return "Worker:RetryIntervals must each lie in 0..10 min.";
        if (options.ConsumeTimeout is { } t && t <= TimeSpan.Zero)
            yield return "Worker:ConsumeTimeout must be > 0 when set.";
        if (options.ConsumeTimeoutBase <= TimeSpan.Zero || options.ConsumeTimeoutPerItem < TimeSpan.Zero)
            yield return "Worker:ConsumeTimeoutBase must be > 0 and ConsumeTimeoutPerItem >= 0.";
        if (options.StopTimeout <= TimeSpan.Zero || options.StopTimeout > TimeSpan.FromHours(1))
            yield return "Worker:StopTimeout must lie in (0, 1 h].";
        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromHours(1))
            yield return "Worker:DrainTimeout must lie in [0, 1 h].";
    }
}
