using Cartoon.Contracts;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Options;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Jobs;

/// <summary>Turns a stored job into its API representation; links are absolute so they work from a webhook too.</summary>
public sealed class JobViewFactory(IOptions<GatewayOptions> options)
{
    /// <param name="queue">Where the job stands in line (<see cref="QueuePositions"/>); null once it is terminal.</param>
    public JobView Create(JobSnapshot job, QueueEstimate? queue)
    {
        var baseUrl = (options.Value.PublicBaseUrl ?? job.Manifest.BaseUrl).TrimEnd('/');
        var self = $"{baseUrl}/v1/jobs/{job.JobId}";
        var items = job.Manifest.Items.Select(i => Item(job, i, self)).ToList();
        var records = job.Manifest.Items.Select(i => job.Item(i.Index)).ToList();

        int Count(string s) => records.Count(r => r.Status == s);
        var done = records.Count(r => r.IsTerminal);
        var total = records.Count;
        // An unfinished video counts for the share of its frames done (at most 99 % of an item until its outcome).
        var partial = job.Manifest.Items.Where(i => i.IsVideo && i.FramesTotal is > 0)
            .Select(i => (Item: i, Record: job.Item(i.Index)))
            .Where(x => !x.Record.IsTerminal)
            .Sum(x => Math.Min(0.99, (double)x.Record.FramesDone / x.Item.FramesTotal!.Value));
        var status = job.Status;
        var terminal = JobStatuses.IsTerminal(status);
        var startedAt = records.Where(r => r.StartedAt is not null).Select(r => r.StartedAt).Min();
        var completedAt = terminal
            ? job.State.CompletedAt ?? job.State.CanceledAt ?? records.Where(r => r.CompletedAt is not null).Select(r => r.CompletedAt).Max()
            : null;

        return new JobView
        {
            Id = job.JobId,
            Status = status,
            Parameters = job.Manifest.Parameters,
            Progress = new ProgressView(total, done, Count(JobStatuses.Succeeded), Count(JobStatuses.Failed), Count(JobStatuses.Canceled),
                Count(JobStatuses.Queued), Count(JobStatuses.Processing), total == 0 ? 100 : Math.Round(100.0 * (done + partial) / total, 1)),
            FailedItems = Count(JobStatuses.Failed),
            Queue = terminal ? null : queue,
            Timings = new TimingsView(job.Manifest.SubmittedAt, startedAt, completedAt, job.State.CanceledAt,
                Math.Round(records.Sum(r => r.InferenceMs ?? 0), 1),
                completedAt is { } c ? Math.Round((c - job.Manifest.SubmittedAt).TotalMilliseconds, 1) : null),
            Items = items,
            Rejected = job.Manifest.Rejected,
            Webhook = job.Manifest.Webhook is { } hook
                ? new WebhookView(hook.Url, hook.Events, job.WebhookDisabled, job.State.WebhookDisabledReason,
                    job.Webhooks.Select(d => new WebhookDeliveryView(d.Id, d.Event, d.Status, d.CreatedAt, d.NextAttemptAt, d.Attempts)).ToList())
                : null,
            Links = new LinksView(self, $"{self}/cancel", job.Manifest.Items.Select(i => ResultUrl(self, i.Index)).ToList()),
            TraceId = job.Manifest.TraceId,
        };
    }

    public ItemView Item(JobSnapshot job, ManifestItem item, string? self = null)
    {
        self ??= $"{(options.Value.PublicBaseUrl ?? job.Manifest.BaseUrl).TrimEnd('/')}/v1/jobs/{job.JobId}";
        var r = job.Item(item.Index);
        return new ItemView
        {
            Index = item.Index,
            FileName = item.FileName,
            Kind = item.Kind,
            Status = r.Status,
            Stage = r.Stage,
            Stages = Timeline(job, r),
            Reason = r.Reason,
            Message = r.Message,
            Input = new ItemInputView(item.InputFormat, item.Width, item.Height, item.Bytes),
            Tier = item.Tier,
            Result = r.Status == JobStatuses.Succeeded
                ? new ItemResultView(ResultUrl(self, item.Index), r.ContentType, r.Width, r.Height, r.Faces, item.WorkWidth, item.WorkHeight, r.UpscaleFactor, r.Warnings)
                : null,
            StartedAt = r.StartedAt,
            CompletedAt = r.CompletedAt,
            InferenceMs = r.InferenceMs,
            QueueWaitMs = r.QueueWaitMs,
            BatchSize = r.BatchSize,
            Device = r.Device,
            Video = item.IsVideo ? VideoProgress(item, r) : null,
        };
    }

    /// <summary>
    /// Frames done against the total, and the rate measured from the first chunk's start to the latest chunk's end
    /// (chunks run in parallel on several workers, so this is the item's throughput, not one engine's speed).
    /// </summary>
    internal static VideoView VideoProgress(ManifestItem item, ItemRecord r)
    {
        double? rate = null;
        if (r.FirstFramesAt is { } first && r.LastFramesAt is { } last && last > first && r.FramesDone > 0)
            rate = Math.Round(r.FramesDone / (last - first).TotalSeconds, 2);
        double? eta = null;
        if (rate is > 0 && item.FramesTotal is { } total && !r.IsTerminal)
            eta = Math.Round(Math.Max(0, total - r.FramesDone) / rate.Value, 1);
        return new VideoView(r.FramesDone, item.FramesTotal, rate, eta, item.FrameRate, item.VideoFormat ?? "mp4");
    }

    /// <summary>A listing entry, from the job row alone (its counters), so a page is one query.</summary>
    public JobSummaryView Summary(JobRow job)
    {
        var done = job.Total - job.Remaining;
        var self = $"{(options.Value.PublicBaseUrl ?? job.BaseUrl).TrimEnd('/')}/v1/jobs/{job.Id}";
        return new JobSummaryView
        {
            Id = job.Id,
            Status = job.Status,
            Style = job.Style,
            Progress = new SummaryProgressView(job.Total, done, job.Succeeded, job.Failed, job.Canceled,
                job.Total == 0 ? 100 : Math.Round(100.0 * done / job.Total, 1)),
            SubmittedAt = job.SubmittedAt,
            CompletedAt = job.CompletedAt,
            Self = self,
        };
    }

    /// <summary>queued at the submit, the running stages reached, the outcome at its completion.</summary>
    private static List<StageTime> Timeline(JobSnapshot job, ItemRecord r)
    {
        var timeline = new List<StageTime>(r.Stages.Count + 2) { new(ItemStages.Queued, job.Manifest.SubmittedAt) };
        timeline.AddRange(r.Stages);
        if (r.IsTerminal && r.CompletedAt is { } done)
            timeline.Add(new StageTime(r.Status, done));
        return timeline;
    }

    private static string ResultUrl(string self, int index) => $"{self}/items/{index}/result";
}
