namespace Cartoon.Engine;

/// <summary>What one group call did: how many passes ran, on which device, and where the time went.</summary>
public sealed record GroupStats
{
    public required int Items { get; init; }
    public required int Succeeded { get; init; }
    public required int Faces { get; init; }
    public required int BackgroundPasses { get; init; }
    public required int HeadPasses { get; init; }
    public required string Device { get; init; }
    public required double DecodeMs { get; init; }
    public required double BackgroundMs { get; init; }
    public required double DetectMs { get; init; }
    public required double HeadMs { get; init; }
    public required double ComposeMs { get; init; }
    public required double TotalMs { get; init; }

    /// <summary>Pure inference time (bg + detect + head) of the group, shared out per item for events.</summary>
    public double InferenceMs => BackgroundMs + DetectMs + HeadMs;
}
