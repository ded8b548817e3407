using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart), beside the range attributes of <see cref="ImageUrlOptions"/>.</summary>
public sealed class ImageUrlOptionsValidator : OptionsValidator<ImageUrlOptions>
{
    protected override IEnumerable<string> Failures(ImageUrlOptions options)
    {
        if (!(options.Timeout > TimeSpan.Zero && options.ResolveTimeout > TimeSpan.Zero))
            yield return "ImageUrls:Timeout and ResolveTimeout must be positive.";
    }
}
