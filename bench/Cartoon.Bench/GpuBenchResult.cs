using System.Text.Json.Serialization;

namespace Cartoon.Bench;

/// <summary>What `Cartoon.Bench gpu` measured, written as JSON beside its markdown (bench/gpu/README.md).</summary>
internal sealed record GpuBenchResult(
    string DateUtc,
    string Device,
    string Precision,
    string OnnxRuntime,
    int Side,
    int Reps,
    long? DeviceTotalBytes,
    long? UsedBytesBeforeEngine,
    long? UsedBytesAfterWarmUp,
    double WarmUpMs,
    long PeakWorkingSetBytes,
    IReadOnlyList<GpuBenchRow> Rows);

/// <param name="UsedBytes">NVML used bytes (all processes) after the group's timed calls; null without NVML (CPU).</param>
/// <param name="UsedAboveBaselineBytes">UsedBytes less what was used before the engine started: this process's share.</param>
/// <param name="CostModelBytes">MemoryCostModel.EstimateGroupBytes for this group (fixed part included).</param>
internal sealed record GpuBenchRow(
    int Group,
    int Faces,
    double MsPerCall,
    double ImagesPerSecond,
    int BackgroundPasses,
    double BackgroundMsPerPass,
    int HeadPasses,
    double HeadMsPerPass,
    double DetectMs,
    double DecodeMs,
    double ComposeMs,
    long? UsedBytes,
    long? UsedAboveBaselineBytes,
    long CostModelBytes);

/// <summary>Source-generated: the bench ships trimmed, where reflection-based JSON is off.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GpuBenchResult))]
internal sealed partial class GpuBenchJson : JsonSerializerContext;
