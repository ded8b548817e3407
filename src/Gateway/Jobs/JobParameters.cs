namespace Cartoon.Gateway.Jobs;

/// <param name="Detail">"standard" (DCT-Net's 720 px short side) or "high" (a larger work size, the background on tiles).</param>
public sealed record JobParameters(string Style, float Strength, int? MaxSide, string Format, int Quality, string Detail = JobDetails.Standard);
