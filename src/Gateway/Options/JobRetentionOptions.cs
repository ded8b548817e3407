namespace Cartoon.Gateway.Options;

/// <summary>
/// How long finished jobs are kept, read by the gateway's JobRetentionSweeper. Moved here from StorageOptions: the
/// store is generic, retention is of jobs (rows and objects). The settings keep their names in section "Storage"
/// (<c>Storage:Retention</c>, <c>Storage:SweepInterval</c>) so deployments that set them keep their retention.
/// </summary>
public sealed class JobRetentionOptions
{
    public const string Section = "Storage";

    /// <summary>How long a finished job (state, inputs, results) is kept after it completed (the gateway's JobRetentionSweeper).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Period of the gateway's retention sweep; <see cref="TimeSpan.Zero"/> disables it.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
