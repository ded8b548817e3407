namespace Cartoon.Engine.Pipeline;

/// <summary>Per-item option checks; a bad option fails that item alone with invalid_options.</summary>
internal static class ItemOptionsValidator
{
    public static string? Validate(CartoonOptions options)
    {
        if (!Styles.IsKnown(options.Style))
            return $"Unknown style '{options.Style}'. Known: {string.Join(", ", Styles.All)}.";
        if (!float.IsFinite(options.Strength) || options.Strength is < 0f or > 1f)
            return $"Strength must be between 0 and 1 (got {options.Strength}).";
        if (options.MaxSide is < 16)
            return $"MaxSide must be at least 16 (got {options.MaxSide}).";
        if (options.Quality is < 1 or > 100)
            return $"Quality must be between 1 and 100 (got {options.Quality}).";
        if (!Enum.IsDefined(options.Format))
            return $"Unknown output format {options.Format}.";
        if (!Enum.IsDefined(options.Detail))
            return $"Unknown detail {options.Detail}.";
        return null;
    }
}
