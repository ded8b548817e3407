namespace Cartoon.Gateway.Jobs;

public sealed record RetentionSweepResult(int JobsDeleted, int ObjectsDeleted, int StrandedClosed);
