using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Streaming;

/// <summary>
/// What a stream's client has not been sent yet, from the job as just read and the client's cursor: every stage an item
/// reached past its step, then its outcome, in the order they happened (time, then item, then stage), and the final
/// event once the job is terminal. Each event's id is the cursor after it, so resuming from any of them sends the rest.
/// A video item whose frame count moved since this stream last said also gets an "item.progress" event (until its outcome).
/// </summary>
public static class JobStreamDiff
{
    /// <summary>The cursor of a client that has just been sent the whole job (the "job" event).</summary>
    public static JobStreamCursor CursorOf(JobSnapshot job)
    {
        var cursor = JobStreamCursor.Start(job.Total);
        for (var position = 0; position < job.Total; position++)
        {
            var record = job.Item(job.Manifest.Items[position].Index);
            cursor.Advance(position, record.IsTerminal ? JobStreamCursor.Outcome : record.Stages.Select(s => ItemStages.Ordinal(s.Stage)).DefaultIfEmpty(0).Max());
            cursor.SendFrames(position, record.FramesDone);
        }
        return cursor;
    }

    public static List<JobStreamEvent> Next(JobSnapshot job, JobStreamCursor cursor, JobViewFactory views)
    {
        var steps = new List<(DateTimeOffset At, int Position, int Step, Func<object> Data, string Type)>();
        for (var position = 0; position < job.Total; position++)
        {
            var manifestItem = job.Manifest.Items[position];
            var record = job.Item(manifestItem.Index);
            var sent = cursor[position];
            foreach (var stage in record.Stages)
            {
                var step = ItemStages.Ordinal(stage.Stage);
                if (step > sent)
                    steps.Add((stage.At, position, step, () => new StageEventData(job.JobId, manifestItem.Index, stage.Stage, stage.At), JobStreamEventTypes.Stage));
            }
            if (record.IsTerminal && sent < JobStreamCursor.Outcome)
                steps.Add((record.CompletedAt ?? record.UpdatedAt, position, JobStreamCursor.Outcome,
                    () => new ItemEventData(job.JobId, views.Item(job, manifestItem)), OutcomeType(record.Status)));
            else if (!record.IsTerminal && manifestItem.IsVideo && record.FramesDone > cursor.FramesSent(position))
            {
                // Step 0 moves no stage: the event says the count, which the cursor remembers as sent below.
                cursor.SendFrames(position, record.FramesDone);
                steps.Add((record.LastFramesAt ?? record.UpdatedAt, position, 0,
                    () => new ItemEventData(job.JobId, views.Item(job, manifestItem)), JobStreamEventTypes.Progress));
            }
        }

        var events = new List<JobStreamEvent>(steps.Count + 1);
        foreach (var s in steps.OrderBy(s => s.At).ThenBy(s => s.Position).ThenBy(s => s.Step))
        {
            cursor.Advance(s.Position, s.Step);
            events.Add(new JobStreamEvent(s.Type, cursor.ToString(), s.Data()));
        }
        if (job.IsTerminal && !cursor.Done)
        {
            for (var position = 0; position < job.Total; position++)
                cursor.Advance(position, JobStreamCursor.Outcome);
            cursor.Finish();
            events.Add(new JobStreamEvent(JobStreamEventTypes.Completed, cursor.ToString(), views.Create(job, queue: null)));
        }
        return events;
    }

    private static string OutcomeType(string status) => status switch
    {
        JobStatuses.Succeeded => JobStreamEventTypes.ItemCompleted,
        JobStatuses.Canceled => JobStreamEventTypes.ItemCanceled,
        _ => JobStreamEventTypes.ItemFailed,
    };
}
