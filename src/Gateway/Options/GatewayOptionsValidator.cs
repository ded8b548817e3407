using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart), beside the attributes of <see cref="GatewayOptions"/>.</summary>
public sealed class GatewayOptionsValidator : OptionsValidator<GatewayOptions>
{
    protected override IEnumerable<string> Failures(GatewayOptions options)
    {
        // Seven days is the longest a presigned S3 URL may live.
        if (!(options.SendTimeout > TimeSpan.Zero && options.ResultUrlExpiry > TimeSpan.Zero && options.ResultUrlExpiry <= TimeSpan.FromDays(7)))
            yield return "Gateway:SendTimeout must be positive and Gateway:ResultUrlExpiry within (0, 7 days] (the S3 presign limit).";
    }
}
