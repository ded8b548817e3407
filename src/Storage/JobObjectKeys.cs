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

    /// <summary>Every frame object of a video item (decoded chunks, their faces, cartoon chunks): deleted after the mux.</summary>
    public static string FramesPrefix(Guid jobId, int index) => $"{JobPrefix(jobId)}frames/{index:D4}/";

    /// <summary>A chunk of a video item's decoded frames (FrameChunkCodec).</summary>
    public static string FrameChunk(Guid jobId, int index, int chunk) => $"{FramesPrefix(jobId, index)}in/{chunk:D5}";

    /// <summary>The tracked faces of that chunk's frames (JSON).</summary>
    public static string FrameFaces(Guid jobId, int index, int chunk) => $"{FramesPrefix(jobId, index)}faces/{chunk:D5}.json";

    /// <summary>The cartoon frames of that chunk (FrameChunkCodec).</summary>
    public static string CartoonChunk(Guid jobId, int index, int chunk) => $"{FramesPrefix(jobId, index)}out/{chunk:D5}";

    public static string ItemsPrefix(Guid jobId) => $"{JobPrefix(jobId)}items/";

    public static string ItemStatus(Guid jobId, int index) => $"{ItemsPrefix(jobId)}{index:D4}.json";

    /// <summary>The item index of an <see cref="ItemStatus"/> key, or null for any other key.</summary>
    public static int? ItemIndexOf(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = key[(slash + 1)..];
        return name.EndsWith(".json", StringComparison.Ordinal)
               && key.AsSpan(0, slash + 1).EndsWith("/items/", StringComparison.Ordinal)
               && int.TryParse(name.AsSpan(0, name.Length - 5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }

    /// <summary>Present when the job was canceled: workers skip its items.</summary>
    public static string CancelMarker(Guid jobId) => $"{JobPrefix(jobId)}canceled";
}
