namespace Cartoon.Storage;

/// <summary>
/// One object layout per job: everything of job J lives under <c>jobs/J/</c>, so retention deletes a prefix.
/// </summary>
public static class JobObjectKeys
{
    public static string JobPrefix(Guid jobId) => $"jobs/{jobId:N}/";

    public static string Manifest(Guid jobId) => $"{JobPrefix(jobId)}job.json";

    public static string Input(Guid jobId, int index) => $"{JobPrefix(jobId)}inputs/{index:D4}";

    public static string Result(Guid jobId, int index, string extension) => $"{JobPrefix(jobId)}results/{index:D4}.{extension}";

    public static string ItemStatus(Guid jobId, int index) => $"{JobPrefix(jobId)}items/{index:D4}.json";

    /// <summary>Present when the job was canceled: workers skip its items.</summary>
    public static string CancelMarker(Guid jobId) => $"{JobPrefix(jobId)}canceled";
}
