namespace Cartoon.Engine;

/// <summary>The outcome of one item. Exactly one of <see cref="Output"/> or <see cref="FailureReason"/> is set.</summary>
public sealed record CartoonResult
{
    public string? Id { get; init; }
    public byte[]? Output { get; init; }
    public OutputFormat Format { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public int Faces { get; init; }

    /// <summary>
    /// The size the nets ran at (short side capped at 720, or at <see cref="EngineOptions.HighDetailShortSide"/> for
    /// <see cref="Detail.High"/>), from which the output was resized.
    /// </summary>
    public int WorkWidth { get; init; }
    public int WorkHeight { get; init; }

    /// <summary>Output long side over work long side: above 2 the cartoon's detail is visibly soft.</summary>
    public double UpscaleFactor { get; init; }

    /// <summary><see cref="ItemWarnings"/> codes for a succeeded item; empty when nothing was lost.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string? FailureReason { get; init; }
    public string? FailureMessage { get; init; }

    public bool Succeeded => Output is not null;

    public static CartoonResult Failed(string? id, string reason, string message) =>
        new() { Id = id, FailureReason = reason, FailureMessage = message };
}

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

public sealed record CartoonGroupResult(IReadOnlyList<CartoonResult> Items, GroupStats Stats);
