using Cartoon.Contracts;

namespace Cartoon.Gateway.Jobs;

/// <summary>What an outcome event sets on its item.</summary>
public sealed record ItemOutcome(string Status, string? Reason, string? Message)
{
    public string? ContentType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Faces { get; init; }
    public double? UpscaleFactor { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public int? BatchSize { get; init; }
    public string? Device { get; init; }
    public double? InferenceMs { get; init; }
    public double? QueueWaitMs { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Stages the worker reports the item went through; recorded where its stage events have not been.</summary>
    public IReadOnlyList<StageTime> Stages { get; init; } = [];
}
