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

