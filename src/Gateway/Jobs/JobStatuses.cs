namespace Cartoon.Gateway.Jobs;

/// <summary>Job and item statuses: queued → processing → succeeded | failed | canceled.</summary>
public static class JobStatuses
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Canceled;

    /// <summary>The one rule for a job's status, from its item counts (the database row and a snapshot agree by construction).</summary>
    public static string Of(bool canceled, bool allTerminal, int succeeded, int failed, bool started)
    {
        if (canceled)
            return Canceled;
        if (allTerminal)
            return succeeded > 0 ? Succeeded : failed > 0 ? Failed : Canceled;
        return started ? Processing : Queued;
    }
}
