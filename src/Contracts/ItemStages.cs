namespace Cartoon.Contracts;

/// <summary>When an item entered a stage (<see cref="ItemStages"/>).</summary>
public sealed record StageTime(string Stage, DateTimeOffset At);

/// <summary>
/// Where a running item is, in the order a worker goes through them: its input read from storage, decoded, through the
/// nets, encoded, its result written. An item starts "queued" and ends in its outcome (succeeded, failed, canceled).
/// </summary>
public static class ItemStages
{
    public const string Queued = "queued";
    public const string Fetching = "fetching";
    public const string Decoding = "decoding";
    public const string Inferring = "inferring";
    public const string Encoding = "encoding";
    public const string Storing = "storing";

    /// <summary>The stages a worker reports, in order.</summary>
    public static readonly IReadOnlyList<string> Running = [Fetching, Decoding, Inferring, Encoding, Storing];

    /// <summary>1..5 for the running stages in order, 0 for queued, -1 for anything else.</summary>
    public static int Ordinal(string stage) => stage switch
    {
        Queued => 0,
        Fetching => 1,
        Decoding => 2,
        Inferring => 3,
        Encoding => 4,
        Storing => 5,
        _ => -1,
    };
}
