namespace Cartoon.Cli.Models;

/// <summary>What one conversion changed, for the command's summary.</summary>
internal sealed record Fp16ConversionReport(int InitializersConverted, int WeightCastsRemoved, int CastsInserted, int NodesKeptFloat32, int ValuesClamped);
