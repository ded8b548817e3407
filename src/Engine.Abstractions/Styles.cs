namespace Cartoon.Engine;

public static class Styles
{
    public const string Default = "anime";

    /// <summary>The seven DCT-Net styles shipped as <c>dctnet_{style}_{head,bg}.onnx</c>.</summary>
    public static readonly IReadOnlyList<string> All = ["3d", "anime", "artstyle", "design", "handdrawn", "illustration", "sketch"];

    public static bool IsKnown(string? style) => style is not null && All.Contains(style, StringComparer.Ordinal);
}
