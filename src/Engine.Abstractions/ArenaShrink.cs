namespace Cartoon.Engine;

/// <summary>When ONNX Runtime's CPU arena returns its unused memory (see <see cref="EngineOptions.CpuArenaShrink"/>).</summary>
public enum ArenaShrink
{
    Never,
    AfterEachPass,
}
