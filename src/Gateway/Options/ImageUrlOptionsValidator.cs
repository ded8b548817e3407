using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart), beside the range attributes of <see cref="ImageUrlOptions"/>.</summary>
public sealed class ImageUrlOptionsValidator : IValidateOptions<ImageUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageUrlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Timeout > TimeSpan.Zero && options.ResolveTimeout > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("ImageUrls:Timeout and ResolveTimeout must be positive.");
    }
}
