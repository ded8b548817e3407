namespace Cartoon.Engine.Inference;

/// <summary>The precision a style's generators were loaded with.</summary>
public enum ModelPrecision
{
    Fp32,
    Fp16,
}

public static class ModelPrecisionNames
{
    /// <summary>The label value in logs and metrics ("fp32", "fp16").</summary>
    public static string Label(this ModelPrecision precision) => precision == ModelPrecision.Fp16 ? "fp16" : "fp32";
}
