using Cartoon.Engine.Tracking;

namespace Cartoon.Engine.Tests.Tracking;

public sealed class OneEuroFilterTests
{
    private const double Fps = 30;

    [Fact]
    public void A_constant_signal_comes_out_unchanged()
    {
        var filter = new OneEuroFilter(minCutoff: 1, beta: 0.5, derivativeCutoff: 1);

        var outputs = Enumerable.Range(0, 60).Select(t => filter.Filter(123.25, t / Fps)).ToArray();

        Assert.All(outputs, value => Assert.Equal(123.25, value));
        Assert.Equal(0, filter.Derivative);
    }

    [Fact]
    public void A_step_is_followed_gradually_and_converges_to_the_new_level()
    {
        var filter = new OneEuroFilter(minCutoff: 1, beta: 0, derivativeCutoff: 1);
        for (var t = 0; t < 10; t++)
            filter.Filter(0, t / Fps);

        var after = Enumerable.Range(10, 60).Select(t => filter.Filter(10, t / Fps)).ToArray();

        // α = 1 / (1 + 30/2π) ≈ 0.173 at 1 Hz and 30 fps: the first sample after the step moves a sixth of the way.
        Assert.Equal(10 * OneEuroFilter.Alpha(1, 1 / Fps), after[0], 9);
        Assert.True(after.Zip(after.Skip(1)).All(pair => pair.Second > pair.First && pair.Second <= 10), "rises monotonically, never overshoots");
        Assert.True(after[29] > 9.9, $"within 1 % after one second (got {after[29]:F4})");
        Assert.True(10 - after[^1] < 1e-3, $"converged after two seconds (got {after[^1]})");
    }

    [Fact]
    public void Jitter_around_a_still_value_is_attenuated_several_fold()
    {
        // Beta small next to the noise's apparent speed (~30 units/s raw): the cutoff stays near its minimum.
        var filter = new OneEuroFilter(minCutoff: 1, beta: 0.02, derivativeCutoff: 1);
        var random = new Random(3);
        var noisy = Enumerable.Range(0, 600).Select(_ => 50 + Gaussian(random)).ToArray();

        var smoothed = noisy.Select((value, t) => filter.Filter(value, t / Fps)).Skip(30).ToArray();

        var rawVariance = Variance(noisy.Skip(30).ToArray());
        var smoothedVariance = Variance(smoothed);
        Assert.True(smoothedVariance < rawVariance / 5, $"variance {rawVariance:F3} → {smoothedVariance:F3}");
        Assert.Equal(50, smoothed.Average(), 0.2);
    }

    [Fact]
    public void Beta_makes_a_moving_signal_lag_less()
    {
        static double LagOnRamp(double beta)
        {
            var filter = new OneEuroFilter(minCutoff: 1, beta, derivativeCutoff: 1);
            var last = 0.0;
            for (var t = 0; t < 60; t++)
                last = filter.Filter(4.0 * t, t / Fps); // 120 units per second
            return 4.0 * 59 - last;
        }

        var still = LagOnRamp(beta: 0);
        var adaptive = LagOnRamp(beta: 0.1);

        // A 1 Hz low-pass trails a ramp by its speed × τ = 120 / 2π ≈ 19 once settled; beta raises the cutoff with speed.
        Assert.InRange(still, 15, 20);
        Assert.True(adaptive < still / 4, $"lag {still:F2} without beta, {adaptive:F2} with");
    }

    [Fact]
    public void A_longer_gap_between_samples_moves_the_output_further()
    {
        var everyFrame = new OneEuroFilter(1, 0, 1);
        var skipped = new OneEuroFilter(1, 0, 1);
        everyFrame.Filter(0, 0);
        skipped.Filter(0, 0);

        var next = everyFrame.Filter(10, 1 / Fps);
        var afterGap = skipped.Filter(10, 3 / Fps);

        Assert.Equal(10 * OneEuroFilter.Alpha(1, 3 / Fps), afterGap, 9);
        Assert.True(afterGap > next);
    }

    [Fact]
    public void Samples_out_of_time_order_and_bad_settings_are_refused()
    {
        var filter = new OneEuroFilter(1, 0, 1);
        filter.Filter(1, 1.0);

        Assert.Throws<ArgumentOutOfRangeException>(() => filter.Filter(1, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => filter.Filter(double.NaN, 2.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneEuroFilter(0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneEuroFilter(1, -1, 1));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Variance(double[] values)
    {
        var mean = values.Average();
        return values.Average(v => (v - mean) * (v - mean));
    }
}
