namespace Cartoon.Media.Frames;

/// <summary>
/// Turns an animation's per-frame delays (GIF, animated WebP) into a constant frame rate and a map from output frames
/// to source frames.
/// <list type="number">
/// <item>Delays of 10 ms or less read as 100 ms, as browsers (and ffmpeg's GIF demuxer) show them.</item>
/// <item>When every frame starts within half a delay unit (+1 ms) of where a common rate (1–60 fps, 12.5, and the NTSC
/// 1001 rates) puts it, that rate is used and frames map one to one: the 66/67/67 ms WebP delays, or the 7/6/7 cs GIF
/// delays, an encoder writes for 15 fps give 15 fps.</item>
/// <item>Otherwise the rate is one frame per shortest delay (capped), and each output frame shows the source frame
/// on screen at its time: a frame held longer is repeated, none is skipped (any interval as long as a tick holds a
/// tick). Above the cap, a frame shorter than a tick may be skipped. The count is rounded up, so the last frame is
/// never cut; the output can run up to one tick longer than the source.</item>
/// </list>
/// </summary>
internal sealed class AnimationTiming
{
    private const int TinyDelayMs = 10;
    private const int TinyDelayReadAsMs = 100;

    private static readonly FrameRate[] CommonRates =
    [
        .. Enumerable.Range(1, 60).Select(fps => new FrameRate(fps, 1)),
        new FrameRate(25, 2), new FrameRate(24000, 1001), new FrameRate(30000, 1001), new FrameRate(60000, 1001),
    ];

    private readonly long[] starts;

    // On a common rate, output frame i is source frame i: a start 0.3 ms past its tick must not map to the frame before.
    private readonly bool oneToOne;

    private AnimationTiming(FrameRate rate, long frameCount, long[] starts, long totalMs, bool oneToOne)
    {
        Rate = rate;
        FrameCount = frameCount;
        this.starts = starts;
        TotalMs = totalMs;
        this.oneToOne = oneToOne;
    }

    public FrameRate Rate { get; }

    /// <summary>Frames of the source.</summary>
    public int SourceFrameCount => starts.Length;

    /// <summary>Output frames at <see cref="Rate"/>.</summary>
    public long FrameCount { get; }

    /// <summary>The source's total duration (after reading tiny delays as 100 ms).</summary>
    public long TotalMs { get; }

    /// <param name="delaysMs">Each frame's delay.</param>
    /// <param name="maxFrameRate">The highest rate to resample to.</param>
    /// <param name="delayUnitMs">What the format stores delays in (1 ms for WebP, 10 ms for GIF): an encoder rounds each
    /// frame's start to it, so starts within half of it (+1 ms for float error) of a common rate's ticks fit that rate.</param>
    public static AnimationTiming For(IReadOnlyList<int> delaysMs, double maxFrameRate, int delayUnitMs)
    {
        if (delaysMs.Count == 0)
            throw new ArgumentException("An animation has at least one frame.", nameof(delaysMs));
        var starts = new long[delaysMs.Count];
        long total = 0;
        int shortest = int.MaxValue;
        for (int i = 0; i < delaysMs.Count; i++)
        {
            starts[i] = total;
            int delay = delaysMs[i] <= TinyDelayMs ? TinyDelayReadAsMs : delaysMs[i];
            total += delay;
            shortest = Math.Min(shortest, delay);
        }

        foreach (FrameRate common in CommonRates)
        {
            if (common.Value <= maxFrameRate * 1.001 && Fits(common, starts, total, (delayUnitMs / 2.0) + 1))
                return new AnimationTiming(common, delaysMs.Count, starts, total, oneToOne: true);
        }

        FrameRate rate = 1000.0 / shortest <= maxFrameRate
            ? new FrameRate(1000, shortest)
            : new FrameRate((long)Math.Round(maxFrameRate * 1000), 1000);
        // ceil(total ms × rate / 1000), in integers.
        long count = Math.Max(1, ((total * rate.Numerator) + (1000 * rate.Denominator) - 1) / (1000 * rate.Denominator));
        return new AnimationTiming(rate, count, starts, total, oneToOne: false);
    }

    /// <summary>The source frame on screen at output frame <paramref name="outputIndex"/>.</summary>
    public int SourceFrameAt(long outputIndex)
    {
        if (oneToOne)
            return (int)Math.Min(outputIndex, starts.Length - 1);

        // Exact in integers: output frame k starts at k × 1000 × den / num ms.
        long timeNumerator = outputIndex * 1000 * Rate.Denominator;
        int lo = 0, hi = starts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (starts[mid] * Rate.Numerator <= timeNumerator)
                lo = mid;
            else
                hi = mid - 1;
        }

        return lo;
    }

    private static bool Fits(FrameRate rate, long[] starts, long total, double toleranceMs)
    {
        double tick = 1000.0 / rate.Value;
        // The last delay is the encoder's guess (it never saw a next frame): one tick, give or take half, is one frame.
        if (Math.Abs((starts.Length * tick) - total) > Math.Max(toleranceMs, tick / 2))
            return false;
        for (int i = 0; i < starts.Length; i++)
        {
            if (Math.Abs((i * tick) - starts[i]) > toleranceMs)
                return false;
        }

        return true;
    }
}
