using System.Diagnostics;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Messaging;
using Cartoon.Messaging.Tiers;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Submission;

/// <summary>
/// Turns a validated submit into a job: its rows written first (a database that cannot commit stops the submit
/// before any byte is stored or sent: 503 database_unavailable), inputs stored, one CartoonizeItem per image sent to
/// the queue of its size tier and one ExtractVideo per video sent to the video queue, and the job marked handed over. Called only after everything was validated, so a
/// refused request stores nothing.
/// </summary>
public sealed class JobSubmitter(
    InputUploader uploader,
    JobStore jobs,
    HandOffMarker handOffs,
    JobStateUpdater updater,
    JobViewFactory views,
    QueuePositions positions,
    TierCatalog tiers,
    TierSendAddresses tierAddresses,
    ISendEndpointProvider sendEndpoints,
    TimeProvider clock,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    ILogger<JobSubmitter> logger)
{
    /// <summary>
    /// What the engine will do with an image (its work size and bg inputs, from the header's size as displayed, after
    /// EXIF orientation) and the tier it goes to: by work size, or the high-detail tier.
    /// </summary>
    public (DetailPlan Plan, TierPlan Tier) Route(AcceptedImage image, string detail)
    {
        var plan = tiers.Engine.PlanFor(image.Header.Width, image.Header.Height, detail == JobDetails.High ? Detail.High : Detail.Standard);
        return (plan, tiers.Resolve(plan));
    }

    public async Task<JobView> SubmitAsync(string tenantId, ParsedParameters parsed, IReadOnlyList<AcceptedImage> accepted, IReadOnlyList<RejectedPart> rejected,
        string baseUrl, CancellationToken ct)
    {
        var jobId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var p = parsed.Parameters;
        // The job's format applies to the kind it belongs to; the other kind takes its own default (OutputFormats).
        var imageFormat = OutputFormats.ForImage(p.Format);
        var imageExtension = imageFormat == "jpeg" ? "jpg" : imageFormat;

        var items = accepted.Select(a =>
        {
            var (w, h) = (a.Header.Width, a.Header.Height);
            var (work, plan) = Route(a, p.Detail);
            var videoFormat = a.Video is { } video ? OutputFormats.ForVideo(p.Format, video.Info.Container) : null;
            var item = new ManifestItem
            {
                Index = a.Index,
                FileName = a.FileName,
                InputKey = JobObjectKeys.Input(jobId, a.Index),
                ResultKey = JobObjectKeys.Result(jobId, a.Index, videoFormat ?? imageExtension),
                InputFormat = a.Header.Format,
                Bytes = a.Length,
                Width = w,
                Height = h,
                WorkWidth = work.WorkWidth,
                WorkHeight = work.WorkHeight,
                Tier = plan.Name,
                Kind = a.IsVideo ? ItemKinds.Video : ItemKinds.Image,
                VideoFormat = videoFormat,
                // The header's count: the extractor reports the exact one (VideoExtracted).
                FramesTotal = a.Video is { } v ? (int)Math.Min(int.MaxValue, v.Info.FrameCount) : null,
                FrameRate = a.Video?.Info.FrameRate.ToString(),
            };
            return (Item: item, Plan: plan, Image: a);
        }).ToList();

        var manifest = new JobManifest
        {
            JobId = jobId,
            TenantId = tenantId,
            SubmittedAt = now,
            BaseUrl = baseUrl,
            Parameters = p,
            Webhook = parsed.WebhookUrl is { } url ? new WebhookSubscription(url, parsed.WebhookEvents) : null,
            Items = items.Select(x => x.Item).ToList(),
            Rejected = rejected,
            TraceId = Activity.Current?.TraceId.ToString(),
        };
        var job = await jobs.CreateAsync(manifest, ct);

        // From here the job exists: finish handing it over even if the client disconnects (a retry with the same
        // Idempotency-Key then gets this job's response); if storage fails, the job is closed rather than left queued.
        try
        {
            await uploader.UploadAsync(items.Select(x => (x.Item.InputKey, x.Image)).ToList(), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {JobId}: its inputs could not be stored; the job is closed", jobId);
            await updater.AbortAsync(jobId, ProblemReasons.StorageUnavailable, "The image store was unavailable at submit.", CancellationToken.None);
            throw;
        }

        // From here the job exists: finish handing it over even if the client disconnects (a retry with the same
        // Idempotency-Key then gets this job's response).
        await SendAsync(manifest, items.Select(x => (x.Item, x.Plan)).ToList());
        await handOffs.MarkAsync(jobId, CancellationToken.None);

        metrics.JobSubmitted();
        logger.LogInformation("Job {JobId} accepted: {Items} items ({Rejected} parts rejected), style {Style}", jobId, items.Count, rejected.Count, p.Style);
        // The job as written (every item queued): answered from what was written, not read back.
        return views.Create(job, await positions.EstimateNewAsync(job, CancellationToken.None));
    }

    private async Task SendAsync(JobManifest manifest, IReadOnlyList<(ManifestItem Item, TierPlan Plan)> items)
    {
        var p = manifest.Parameters;
        using var timeout = new CancellationTokenSource(options.Value.SendTimeout);
        try
        {
            var commands = items.Where(x => !x.Item.IsVideo).Select(x => new CartoonizeItem
            {
                JobId = manifest.JobId,
                ItemIndex = x.Item.Index,
                TenantId = manifest.TenantId,
                InputKey = x.Item.InputKey,
                ResultKey = x.Item.ResultKey,
                Style = p.Style,
                Strength = p.Strength,
                MaxSide = p.MaxSide,
                Format = OutputFormats.ForImage(p.Format),
                Quality = p.Quality,
                Detail = p.Detail,
                WorkWidth = x.Item.WorkWidth,
                WorkHeight = x.Item.WorkHeight,
                Tier = x.Plan.Name,
                SubmittedAt = manifest.SubmittedAt,
            });
            // One batch per tier, so a job's items arrive together and can share a group.
            await sendEndpoints.SendToTiersAsync(tiers, tierAddresses, commands, timeout.Token);
            var videos = items.Where(x => x.Item.IsVideo).Select(x => new ExtractVideo
            {
                JobId = manifest.JobId,
                ItemIndex = x.Item.Index,
                TenantId = manifest.TenantId,
                InputKey = x.Item.InputKey,
                Style = p.Style,
                Strength = p.Strength,
                MaxSide = p.MaxSide,
                Detail = p.Detail,
                Format = x.Item.VideoFormat!,
                SubmittedAt = manifest.SubmittedAt,
            }).ToList();
            if (videos.Count > 0)
            {
                var endpoint = await sendEndpoints.GetSendEndpoint(tierAddresses.Video);
                await endpoint.SendBatch(videos, timeout.Token);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {JobId}: the broker did not take its items; the job is closed", manifest.JobId);
            await updater.AbortAsync(manifest.JobId, ProblemReasons.BrokerUnavailable, "The job queue was unavailable at submit.", CancellationToken.None);
            throw new BrokerUnavailableException("The broker did not accept the job's items in time.", ex);
        }
    }

    public static string ContentTypeOf(string format) => format switch
    {
        "png" => "image/png",
        "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tiff" => "image/tiff",
        _ => "application/octet-stream",
    };
}
