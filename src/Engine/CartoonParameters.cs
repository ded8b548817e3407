namespace Cartoon.Engine;

/// <summary>What one item asks of the engine (style, strength, size, format, detail): per-item parameters, not host settings (those are <see cref="EngineOptions"/>). A group may mix styles and formats.</summary>
public sealed record CartoonParameters
{
    public string Style { get; init; } = Styles.Default;

    /// <summary>Blend of the cartoon over the original: 0 = original, 1 = pure DCT-Net.</summary>
    public float Strength { get; init; } = 1f;

    /// <summary>Long side of the output in pixels; null keeps the input size (bounded by the engine's limit).</summary>
    public int? MaxSide { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Png;

    /// <summary>JPEG/WebP quality, 1..100.</summary>
    public int Quality { get; init; } = 90;

    /// <summary>Standard (DCT-Net's 720 short side) or High (larger work size, tiled bg net): see <see cref="Detail"/>.</summary>
    public Detail Detail { get; init; } = Detail.Standard;
}

public enum OutputFormat
{
    Png,
    Jpeg,
    Webp,

    /// <summary>
    /// No encoding: <see cref="CartoonResult.Output"/> is the cartoon's packed RGB24 pixels (Width × Height × 3, row-major),
    /// for video frames that are re-muxed anyway (encoding each to PNG and back would waste the time). Internal to the
    /// pipeline: never a format users ask for. An input with transparency is flattened onto white (warning alpha_flattened).
    /// </summary>
    Raw,
}
