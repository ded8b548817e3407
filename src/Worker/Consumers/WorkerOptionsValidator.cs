using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Consumers;

/// <summary>Checked at start (ValidateOnStart): the time rules beside the attributes of <see cref="WorkerOptions"/>, all reported at once.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RetryIntervals.Any(i => i < TimeSpan.Zero || i > TimeSpan.FromMinutes(10)))
            failures.Add("Worker:RetryIntervals must each lie in 0..10 min.");
        if (options.ConsumeTimeout is { } t && t <= TimeSpan.Zero)
            failures.Add("Worker:ConsumeTimeout must be > 0 when set.");
        if (options.ConsumeTimeoutBase <= TimeSpan.Zero || options.ConsumeTimeoutPerItem < TimeSpan.Zero)
            failures.Add("Worker:ConsumeTimeoutBase must be > 0 and ConsumeTimeoutPerItem >= 0.");
        if (options.StopTimeout <= TimeSpan.Zero || options.StopTimeout > TimeSpan.FromHours(1))
            failures.Add("Worker:StopTimeout must lie in (0, 1 h].");
        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromHours(1))
            failures.Add("Worker:DrainTimeout must lie in [0, 1 h].");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
