namespace Cartoon.Engine;

/// <summary>Which weights the DCT-Net generators run with (Engine:Precision).</summary>
public enum PrecisionPreference
{
    /// <summary>The fp16 variants on CUDA where a style has both; fp32 everywhere else (on CPU fp16 gains nothing).</summary>
    Auto,

    /// <summary>The fp32 files always.</summary>
    Fp32,

    /// <summary>The fp16 variants for every style, on any device; start fails when one is missing.</summary>
    Fp16,
}
