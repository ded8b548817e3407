using Microsoft.Extensions.Options;

namespace Cartoon.Engine;

/// <summary>
/// The rules of <see cref="EngineOptions"/> that cross fields or need code (ranges are attributes on the options), checked
/// at start: every failure is reported at once, each naming the setting to fix.
/// </summary>
public sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.Preload.All(Styles.IsKnown))
            failures.Add($"Engine:Preload may only name known styles: {string.Join(", ", Styles.All)}.");
        if (options.TileSide % 16 != 0)
            failures.Add("Engine:TileSide must be a multiple of 16 (DCT-Net pads to 16).");
        if (options.TileOverlap > options.TileSide / 2)
            failures.Add("Engine:TileOverlap must be at most half of Engine:TileSide.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
