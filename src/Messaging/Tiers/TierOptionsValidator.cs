using System.ComponentModel.DataAnnotations;
using Cartoon.OptionsValidation;

namespace Cartoon.Messaging.Tiers;

/// <summary>
/// Checked at start (ValidateOnStart): the tier list as a whole, which the attributes of <see cref="TierOptions"/> do
/// not reach (each tier's own attributes, unique names, the high-detail tier's name kept apart).
/// </summary>
public sealed class TierOptionsValidator : OptionsValidator<TierOptions>
{
    protected override IEnumerable<string> Failures(TierOptions options)
    {
        if (!SizesAreValid(options))
            yield return "Tiers:Sizes must hold at least one tier, each valid (Name ^[a-z0-9]{1,16}$, sides 16..16384), with unique names, none named as Tiers:HighDetailTier.";
    }

    internal static bool SizesAreValid(TierOptions options)
    {
        if (options.Sizes.Count == 0)
            return false;
        foreach (var tier in options.Sizes)
        {
            if (!Validator.TryValidateObject(tier, new ValidationContext(tier), null, validateAllProperties: true))
                return false;
        }
        return options.Sizes.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() == options.Sizes.Count
               && options.Sizes.All(t => t.Name != options.HighDetailTier);
    }
}
