namespace Cartoon.Media.Webp;

/// <summary>
/// Turns an animation's per-frame delays into a constant frame rate and a map from output frames to source frames.
/// <list type="number">
/// <item>Delays of 10 ms or less read as 100 ms, as browsers show them (such files rely on it).</item>
/// <item>When every frame starts within 1.5 ms of where a common rate (1–60 fps, 12.5, and the NTSC 1001 rates) puts it,
/// that rate is used and frames map one to one: the 66/67/67 ms delays an encoder writes for 15 fps give 15 fps.</item>
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
    // Delays are whole milliseconds, so an encoder's rounding is within 1 ms; the half is room for float error.
    private const double StartToleranceMs = 1.5;

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

    /// <summary>Output frames at <see cref="Rate"/>.</summary>
    public long FrameCount { get; }

    /// <summary>The source's total duration (after reading tiny delays as 100 ms).</summary>
    public long TotalMs { get; }

    public static AnimationTiming For(IReadOnlyList<int> delaysMs, double maxFrameRate)
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
            if (common.Value <= maxFrameRate * 1.001 && Fits(common, starts, total))
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

    private static bool Fits(FrameRate rate, long[] starts, long total)
    {
        double tick = 1000.0 / rate.Value;
        if (Math.Abs((starts.Length * tick) - total) > StartToleranceMs)
            return false;
        for (int i = 0; i < starts.Length; i++)
        {
            if (Math.Abs((i * tick) - starts[i]) > StartToleranceMs)
                return false;
        }

        return true;
    }
}
