using Cartoon.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Cartoon.Worker.Video;

/// <summary>
/// One video item's way through one message (extraction, a chunk, the mux): its stages as ItemsStaged (progress only:
/// a failed publish is logged, the work goes on) and, when the item cannot go on, its ItemFailed with the stages it
/// entered here (EventId = StableIds.ForItem, so a repeat is the same event).
/// </summary>
internal sealed partial class VideoItemProgress(ConsumeContext context, Guid jobId, int itemIndex, string device, TimeProvider time, ILogger logger)
{
    private readonly List<StageTime> _stages = [];

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public IReadOnlyList<StageTime> Stages => [.. _stages];

    public async Task EnterAsync(string stage, int batchSize, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        _stages.Add(new StageTime(stage, at));
        try
        {
            await context.Publish(new ItemsStaged
            {
                Stage = stage,
                Items = [new ItemRef(jobId, itemIndex)],
                Worker = Environment.MachineName,
                Device = device,
                BatchSize = batchSize,
                At = at,
            }, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogStageNotPublished(logger, ex, stage, jobId, itemIndex);
        }
    }

    public Task FailAsync(string reason, string message, int batchSize, CancellationToken ct) =>
        context.Publish(new ItemFailed
        {
            EventId = StableIds.ForItem(jobId, itemIndex),
            JobId = jobId,
            ItemIndex = itemIndex,
            Reason = reason,
            Message = message,
            BatchSize = batchSize,
            Device = device,
            StartedAt = StartedAt,
            CompletedAt = time.GetUtcNow(),
            Stages = Stages,
        }, ct);

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Stage {Stage} of video item {JobId}/{ItemIndex} could not be published")]
    private static partial void LogStageNotPublished(ILogger logger, Exception exception, string stage, Guid jobId, int itemIndex);
}
