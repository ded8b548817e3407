namespace Cartoon.Engine.Pipeline;

/// <summary>Per-item parameter checks; a bad option fails that item alone with invalid_options.</summary>
internal static class ItemParametersValidator
{
    public static string? Validate(CartoonParameters parameters)
    {
        if (!Styles.IsKnown(parameters.Style))
            return $"Unknown style '{parameters.Style}'. Known: {string.Join(", ", Styles.All)}.";
        if (!float.IsFinite(parameters.Strength) || parameters.Strength is < 0f or > 1f)
            return $"Strength must be between 0 and 1 (got {parameters.Strength}).";
        if (parameters.MaxSide is < 16)
            return $"MaxSide must be at least 16 (got {parameters.MaxSide}).";
        if (parameters.Quality is < 1 or > 100)
            return $"Quality must be between 1 and 100 (got {parameters.Quality}).";
        if (!Enum.IsDefined(parameters.Format))
            return $"Unknown output format {parameters.Format}.";
        if (!Enum.IsDefined(parameters.Detail))
            return $"Unknown detail {parameters.Detail}.";
        return null;
    }
}
