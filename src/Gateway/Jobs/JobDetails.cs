namespace Cartoon.Gateway.Jobs;

/// <summary>The values of a job's <c>detail</c> parameter.</summary>
public static class JobDetails
{
    public const string Standard = "standard";
    public const string High = "high";

    public static readonly IReadOnlyList<string> All = [Standard, High];
}
