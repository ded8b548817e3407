using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart): the rule across the two limits, beside the range attributes of <see cref="UploadOptions"/>.</summary>
public sealed class UploadOptionsValidator : OptionsValidator<UploadOptions>
{
    protected override IEnumerable<string> Failures(UploadOptions options)
    {
        if (options.MaxImageBytes > options.MaxRequestBytes)
            yield return "Uploads:MaxImageBytes must not exceed Uploads:MaxRequestBytes.";
    }
}
