using System.Diagnostics;

namespace Cartoon.Cli.Video;

/// <summary>
/// Splits one conversion's wall time into <see cref="VideoStage"/>s: each <see cref="Lap"/> charges the time since the
/// previous lap to a stage, so the stages add up to the whole. Net time inside the engine's group calls is kept apart
/// (<see cref="NetMilliseconds"/>) to tell the nets from everything around them.
/// </summary>
internal sealed class VideoStageClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly TimeSpan[] _stages = new TimeSpan[Enum.GetValues<VideoStage>().Length];
    private TimeSpan _last;

    public TimeSpan Elapsed => _watch.Elapsed;

    /// <summary>Background, detector and head passes of the group calls (GroupStats.InferenceMs), summed.</summary>
    public double NetMilliseconds { get; private set; }

    public void Lap(VideoStage stage)
    {
        var now = _watch.Elapsed;
        _stages[(int)stage] += now - _last;
        _last = now;
    }

    public void AddNets(double milliseconds) => NetMilliseconds += milliseconds;

    public IReadOnlyDictionary<VideoStage, TimeSpan> Stages =>
        Enum.GetValues<VideoStage>().ToDictionary(stage => stage, stage => _stages[(int)stage]);
}
