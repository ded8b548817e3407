using System.ComponentModel.DataAnnotations;
using Cartoon.Contracts;

namespace Cartoon.Messaging;

/// <summary>
/// How a worker runs video items. Bound from section "Video"; validated at start. Example:
/// <code>
/// "Video": { "Enabled": true, "QueueName": "cartoon-video", "ConcurrentMessageLimit": 1, "MaxFramesPerChunk": 16,
///            "ConsumeTimeout": "00:30:00", "TempDirectory": "/var/tmp/cartoon" }
/// </code>
/// <list type="bullet">
/// <item><see cref="Enabled"/>: host the video queue (extraction and muxing, which need ffmpeg: section "Media"). Off,
/// the worker still cartoonizes frame chunks on its tier queues (no ffmpeg needed there).</item>
/// <item><see cref="QueueName"/>: the video queue (a durable quorum queue on RabbitMQ); the gateway sends
/// ExtractVideo and MuxVideo to it. Tests give each run its own.</item>
/// <item><see cref="ConcurrentMessageLimit"/>: videos extracted or muxed at once per worker (each runs ffmpeg with
/// Media:Threads threads and holds a chunk of decoded frames).</item>
/// <item><see cref="MaxFramesPerChunk"/>: a chunk holds the group limit of the frame's tier, at most this many frames
/// (the chunk is one engine call, and one object of 0.9–1.5 MiB per 720p frame: `Cartoon.Bench chunks`).</item>
/// <item><see cref="ConsumeTimeout"/>: the longest one extraction or mux may take in all; past it the item fails
/// (decode_timeout) rather than holding the queue: a slow video is a hostile or broken one, and running it again would
/// be as slow.</item>
/// <item><see cref="TempDirectory"/>: where the input and the muxed result are written while in use (null: the
/// system's temporary folder); each file is removed when its message is done.</item>
/// </list>
/// </summary>
public sealed class VideoOptions
{
    public const string Section = "Video";

    public bool Enabled { get; set; } = true;

    [Required(AllowEmptyStrings = false)]
    public string QueueName { get; set; } = VideoQueues.Video;

    [Range(1, 64)]
    public int ConcurrentMessageLimit { get; set; } = 1;

    [Range(1, 256)]
    public int MaxFramesPerChunk { get; set; } = 16;

    public TimeSpan ConsumeTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public string? TempDirectory { get; set; }

    /// <summary>A fresh path in <see cref="TempDirectory"/>.</summary>
    internal string TempPath(string name) =>
        Path.Combine(TempDirectory is { Length: > 0 } dir ? dir : Path.GetTempPath(), $"cartoon-{Guid.NewGuid():N}-{name}");
}
