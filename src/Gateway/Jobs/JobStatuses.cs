namespace Cartoon.Gateway.Jobs;

/// <summary>Status words of jobs and items, as they appear in the API (docs/api.md).</summary>
public static class JobStatuses
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Canceled;
}
