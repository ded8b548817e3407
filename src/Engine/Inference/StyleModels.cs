namespace Cartoon.Engine.Inference;

/// <summary>The resident pair of nets of one style.</summary>
public sealed class StyleModels(string style, GeneratorNet head, GeneratorNet background) : IDisposable
{
    public string Style { get; } = style;
    public GeneratorNet Head { get; } = head;
    public GeneratorNet Background { get; } = background;

    public void Dispose()
    {
        Head.Dispose();
        Background.Dispose();
    }
}
