using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart), beside the attributes of <see cref="GatewayOptions"/>.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Seven days is the longest a presigned S3 URL may live.
        return options.SendTimeout > TimeSpan.Zero && options.ResultUrlExpiry > TimeSpan.Zero && options.ResultUrlExpiry <= TimeSpan.FromDays(7)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Gateway:SendTimeout must be positive and Gateway:ResultUrlExpiry within (0, 7 days] (the S3 presign limit).");
    }
}
