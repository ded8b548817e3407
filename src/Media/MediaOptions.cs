namespace Cartoon.Media;

/// <summary>
/// Configuration section <c>Media</c>, validated at start (<see cref="MediaOptionsValidator"/>). Example:
/// <code>
/// "Media": { "FfmpegPath": "/usr/bin/ffmpeg", "Threads": 4, "MemoryLimitBytes": 4294967296,
///            "Limits": { "MaxDuration": "00:01:00", "MaxFrameWidth": 1920, "MaxFrameHeight": 1080 } }
/// </code>
/// </summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>ffmpeg: a path, or a name looked up on PATH.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>ffprobe: a path, or a name looked up on PATH.</summary>
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>util-linux prlimit, which applies <see cref="MemoryLimitBytes"/>; a path or a name on PATH.</summary>
    public string PrlimitPath { get; set; } = "prlimit";

    /// <summary>
    /// Address-space cap (RLIMIT_AS) of every ffmpeg/ffprobe process, in bytes; 0 for none. It counts mapped, not
    /// touched, memory: ffmpeg maps its libraries before it reads a byte, and each encoder thread maps its own buffers.
    /// The default is a ceiling chosen with room above the 1080p frames the limits allow (not a measured need; lower it
    /// only after trying the largest clip you accept), while a decompression bomb (a 16000×16000 GIF canvas is 1 GiB a
    /// frame) dies with "Cannot allocate memory" (<c>FfmpegRunnerTests</c> shows the cap applied).
    /// </summary>
    public long MemoryLimitBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>ffmpeg's <c>-threads</c> for decoders and encoders (0: ffmpeg's own choice, one per core).</summary>
    public int Threads { get; set; } = 4;

    /// <summary>Longest an ffprobe run may take: it reads headers only, so a slow one is a hostile or broken file.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest a whole frame extraction may take.</summary>
    public TimeSpan ExtractTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest a whole mux (encode) may take.</summary>
    public TimeSpan MuxTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// GIF and animated WebP frames are resampled to a constant rate of at most this many frames per second (GIF's
    /// shortest common delay is 2 cs, 50 fps); a frame shown for less than one tick of it may be skipped.
    /// </summary>
    public double MaxAnimationFrameRate { get; set; } = 50;

    public VideoLimits Limits { get; set; } = new();

    public VideoEncoding Encoding { get; set; } = new();
}
