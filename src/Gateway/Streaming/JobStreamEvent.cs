namespace Cartoon.Gateway.Streaming;

/// <summary>One server-sent event of a job's stream: its type, the cursor after it (its id) and its JSON data.</summary>
public sealed record JobStreamEvent(string Type, string Id, object Data);

/// <summary>The event types of GET /v1/jobs/{id}/events (docs/api.md, "Live progress").</summary>
public static class JobStreamEventTypes
{
    /// <summary>The whole job as GET /v1/jobs/{id} shows it: first on a new stream.</summary>
    public const string Job = "job";

    /// <summary>An item entered a running stage: <c>{ jobId, item, stage, at }</c>.</summary>
    public const string Stage = "item.stage";

    /// <summary>A video item's frame count moved: <c>{ jobId, item }</c>, the item with its <c>video</c> progress. Not resumable: a resumed stream sends the current count.</summary>
    public const string Progress = "item.progress";

    public const string ItemCompleted = "item.completed";
    public const string ItemFailed = "item.failed";
    public const string ItemCanceled = "item.canceled";

    /// <summary>The job finished (any terminal status): the whole job; the stream ends after it.</summary>
    public const string Completed = "completed";

    /// <summary>The job was deleted while the stream was open; the stream ends after it.</summary>
    public const string Deleted = "deleted";
}

/// <summary>Data of an <see cref="JobStreamEventTypes.Stage"/> event.</summary>
public sealed record StageEventData(Guid JobId, int Item, string Stage, DateTimeOffset At);

/// <summary>Data of an item outcome event: the item as GET /v1/jobs/{id} lists it.</summary>
public sealed record ItemEventData(Guid JobId, Jobs.ItemView Item);
