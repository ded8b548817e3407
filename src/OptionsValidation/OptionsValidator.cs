using Microsoft.Extensions.Options;

namespace Cartoon.OptionsValidation;

/// <summary>
/// The rules of <typeparamref name="TOptions"/> that attributes cannot state (across fields, nested objects, the file
/// system), checked at start beside the attributes. A validator only yields the message of each broken rule, naming the
/// setting to fix; every one is reported at once, so an operator fixes them in one round.
/// </summary>
public abstract class OptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>One message per broken rule, in the order an operator reads them; none when the options are valid.</summary>
    protected abstract IEnumerable<string> Failures(TOptions options);
}
