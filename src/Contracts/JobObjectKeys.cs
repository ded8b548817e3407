namespace Cartoon.Contracts;

/// <summary>
/// One object layout per job: everything of job J lives under <c>jobs/J/</c>, so retention deletes a prefix.
/// Here beside the messages because both sides build these keys and they travel in messages: the gateway writes the
/// inputs and the cancel marker, the workers write results and frame chunks and check the marker. The strings are
/// what objects already stored are found by, so they never change (JobObjectKeysTests pins each one).
/// </summary>
public static class JobObjectKeys
{
    public static string JobPrefix(Guid jobId) => $"jobs/{jobId:N}/";

    public static string Input(Guid jobId, int index) => $"{JobPrefix(jobId)}inputs/{index:D4}";

    public static string Result(Guid jobId, int index, string extension) => $"{JobPrefix(jobId)}results/{index:D4}.{extension}";

    /// <summary>Every frame object of a video item (decoded chunks, their faces, cartoon chunks): deleted after the mux.</summary>
    public static string FramesPrefix(Guid jobId, int index) => $"{JobPrefix(jobId)}frames/{index:D4}/";

    /// <summary>A chunk of a video item's decoded frames (FrameChunkCodec).</summary>
    public static string FrameChunk(Guid jobId, int index, int chunk) => $"{FramesPrefix(jobId, index)}in/{chunk:D5}";

    /// <summary>The tracked faces of that chunk's frames (JSON).</summary>
    public static string FrameFaces(Guid jobId, int index, int chunk) => $"{FramesPrefix(jobId, index)}faces/{chunk:D5}.json";

    /// <summary>The cartoon frames of that chunk (FrameChunkCodec).</summary>
    public static string CartoonChunk(Guid jobId, int index, int chunk) => $"{FramesPrefix(jobId, index)}out/{chunk:D5}";

    /// <summary>Present when the job was canceled: workers skip its items.</summary>
    public static string CancelMarker(Guid jobId) => $"{JobPrefix(jobId)}canceled";
}
