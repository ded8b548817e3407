namespace Cartoon.Gateway.Jobs;

/// <summary>Where a job stands in line: the unfinished items of every job submitted before it, over all replicas.</summary>
public sealed record QueueEstimate(int ItemsAhead, int ItemsRemaining, double? EstimatedWaitSeconds);
