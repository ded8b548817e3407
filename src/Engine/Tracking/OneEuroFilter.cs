namespace Cartoon.Engine.Tracking;

/// <summary>
/// The 1€ filter (Casiez, Roussel and Vogel, CHI 2012) on one coordinate: a first-order low-pass whose cutoff rises
/// with the signal's speed, so a still signal is smoothed hard (jitter goes) and a fast one little (little lag).
/// cutoff = <see cref="MinCutoff"/> + <see cref="Beta"/>·|ẋ|, with ẋ the signal's speed low-passed at
/// <see cref="DerivativeCutoff"/>; each low-pass is x̂ = α·x + (1 − α)·x̂₋₁ with α = 1 / (1 + τ/Tₑ), τ = 1 / (2π·cutoff)
/// and Tₑ the time since the previous sample, so irregular sampling (skipped frames) is handled.
/// </summary>
public sealed class OneEuroFilter
{
    /// <param name="minCutoff">Cutoff in Hz of a still signal: lower smooths more (and lags more when the signal starts to move).</param>
    /// <param name="beta">Cutoff added per unit of speed (Hz per signal unit per second): higher follows fast motion more closely.</param>
    /// <param name="derivativeCutoff">Cutoff in Hz of the speed estimate that drives the adaptation.</param>
    public OneEuroFilter(double minCutoff, double beta, double derivativeCutoff)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minCutoff);
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(derivativeCutoff);
        (MinCutoff, Beta, DerivativeCutoff) = (minCutoff, beta, derivativeCutoff);
    }

    public double MinCutoff { get; }
    public double Beta { get; }
    public double DerivativeCutoff { get; }

    public bool HasValue { get; private set; }

    /// <summary>The last filtered value.</summary>
    public double Value { get; private set; }

    /// <summary>The filtered speed, in signal units per second (0 after the first sample).</summary>
    public double Derivative { get; private set; }

    /// <summary>The time of the last sample, in seconds.</summary>
    public double Timestamp { get; private set; }

    /// <summary>Takes the sample at <paramref name="timestamp"/> (seconds, increasing) and returns the filtered value.</summary>
    public double Filter(double value, double timestamp)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "The sample must be a finite number.");
        if (!HasValue)
        {
            (Value, Derivative, Timestamp, HasValue) = (value, 0, timestamp, true);
            return value;
        }
        var elapsed = timestamp - Timestamp;
        if (!(elapsed > 0))
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, $"Samples must come in time order (the previous was at {Timestamp}).");
        // The speed against the previous filtered value, as in the paper's algorithm: against the previous raw sample
        // (as some ports do) it carries the jitter of two samples instead of one into the cutoff.
        Derivative = Smooth(Derivative, (value - Value) / elapsed, Alpha(DerivativeCutoff, elapsed));
        Value = Smooth(Value, value, Alpha(MinCutoff + Beta * Math.Abs(Derivative), elapsed));
        Timestamp = timestamp;
        return Value;
    }

    /// <summary>The smoothing factor of a first-order low-pass at <paramref name="cutoff"/> Hz for a sample <paramref name="elapsed"/> s after the last.</summary>
    public static double Alpha(double cutoff, double elapsed)
    {
        var tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + tau / elapsed);
    }

    private static double Smooth(double previous, double sample, double alpha) => alpha * sample + (1 - alpha) * previous;
}
