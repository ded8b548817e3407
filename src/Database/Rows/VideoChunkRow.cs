namespace Cartoon.Database.Rows;

/// <summary>
/// A chunk of a video item whose cartoon frames are stored (FramesCompleted). Its key makes a redelivered event a
/// no-op: the insert finds the row and the item's counters are not touched again.
/// </summary>
public sealed class VideoChunkRow
{
    public Guid JobId { get; set; }
    public int ItemIndex { get; set; }
    public int Chunk { get; set; }
    public int Frames { get; set; }
    public DateTimeOffset CompletedAt { get; set; }
}
