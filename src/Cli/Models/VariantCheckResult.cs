namespace Cartoon.Cli.Models;

/// <summary>Max |fp16 − fp32| of one pass on the output's [-1,1] scale, and the median pass times when timed.</summary>
internal sealed record VariantCheckResult(float MaxDifference, double? Fp32Ms, double? Fp16Ms);
