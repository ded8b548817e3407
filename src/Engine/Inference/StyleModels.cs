namespace Cartoon.Engine.Inference;

/// <summary>The resident pair of nets of one style.</summary>
public sealed class StyleModels(string style, ModelPrecision precision, GeneratorNet head, GeneratorNet background) : IDisposable
{
    public string Style { get; } = style;

    /// <summary>Which weights both nets run (Engine:Precision resolved for this style and device).</summary>
    public ModelPrecision Precision { get; } = precision;

    public GeneratorNet Head { get; } = head;
    public GeneratorNet Background { get; } = background;

    public void Dispose()
    {
        Head.Dispose();
        Background.Dispose();
    }
}
