using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart): the rule across the two limits, beside the range attributes of <see cref="UploadOptions"/>.</summary>
public sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxImageBytes <= options.MaxRequestBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Uploads:MaxImageBytes must not exceed Uploads:MaxRequestBytes.");
    }
}
