namespace Cartoon.Gateway.Webhooks;

public static class WebhookRetryPolicy
{
    /// <summary>The scheduled delay scaled by a uniform factor in [1 - jitter, 1 + jitter].</summary>
    public static TimeSpan Delay(TimeSpan scheduled, double jitter, Random random)
    {
        jitter = Math.Clamp(jitter, 0, 1);
        var factor = 1 + jitter * (2 * random.NextDouble() - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, scheduled.TotalMilliseconds * factor));
    }
}
