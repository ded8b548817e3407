namespace Cartoon.Cli.Models;

/// <summary>One sample of one style: SSIM of the Fp16 pipeline's output against the Fp32 one's.</summary>
internal sealed record PrecisionComparisonRow(string Style, string Sample, int Faces, double Ssim);
