namespace Cartoon.Media;

/// <summary>
/// A frame rate as the rational ffmpeg reports and takes (<c>30000/1001</c>): kept exact so that
/// frame count × <see cref="FrameDuration"/> adds up to the duration without drift.
/// </summary>
public readonly record struct FrameRate
{
    public FrameRate(long numerator, long denominator)
    {
        if (numerator <= 0 || denominator <= 0)
            throw new ArgumentOutOfRangeException(nameof(numerator), $"A frame rate must be positive, got {numerator}/{denominator}.");
        long gcd = Gcd(numerator, denominator);
        Numerator = numerator / gcd;
        Denominator = denominator / gcd;
    }

    public long Numerator { get; }

    public long Denominator { get; }

    /// <summary>Frames per second.</summary>
    public double Value => (double)Numerator / Denominator;

    public TimeSpan FrameDuration => TimeSpan.FromSeconds((double)Denominator / Numerator);

    /// <summary>Whole frames that fit in <paramref name="duration"/>, rounded to the nearest.</summary>
    public long FramesIn(TimeSpan duration) => (long)Math.Round(duration.TotalSeconds * Numerator / Denominator, MidpointRounding.AwayFromZero);

    /// <summary>The time frame <paramref name="frames"/> starts at (equivalently the duration of that many frames).</summary>
    public TimeSpan DurationOf(long frames) => TimeSpan.FromSeconds((double)frames * Denominator / Numerator);

    /// <summary>Parses ffprobe's "num/den" (or a plain number); null for "0/0", negatives and garbage.</summary>
    public static FrameRate? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long whole) && whole > 0
                ? new FrameRate(whole, 1)
                : null;
        return long.TryParse(text.AsSpan(0, slash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long num)
               && long.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long den)
               && num > 0 && den > 0
            ? new FrameRate(num, den)
            : null;
    }

    /// <summary>The "num/den" form ffmpeg's <c>-r</c> and <c>-framerate</c> take.</summary>
    public override string ToString() => $"{Numerator}/{Denominator}";

    private static long Gcd(long a, long b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
