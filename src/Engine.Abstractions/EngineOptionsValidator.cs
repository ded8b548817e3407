using Cartoon.OptionsValidation;

namespace Cartoon.Engine;

/// <summary>
/// The rules of <see cref="EngineOptions"/> that cross fields or need code (ranges are attributes on the options), checked
/// at start: every failure is reported at once, each naming the setting to fix.
/// </summary>
public sealed class EngineOptionsValidator : OptionsValidator<EngineOptions>
{
    protected override IEnumerable<string> Failures(EngineOptions options)
    {
        if (!options.Preload.All(Styles.IsKnown))
            yield return $"Engine:Preload may only name known styles: {string.Join(", ", Styles.All)}.";
        if (options.TileSide % 16 != 0)
            yield return "Engine:TileSide must be a multiple of 16 (DCT-Net pads to 16).";
        if (options.TileOverlap > options.TileSide / 2)
            yield return "Engine:TileOverlap must be at most half of Engine:TileSide.";
    }
}
