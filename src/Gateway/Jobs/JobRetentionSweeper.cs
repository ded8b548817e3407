using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Engine;
using Cartoon.Gateway.Options;
using Cartoon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Retention by query: jobs finished longer than Storage:Retention ago, and jobs deleted by their tenant more than
/// <see cref="DeleteGrace"/> ago, lose their objects (inputs, results) and then their rows; a job a crashed submit
/// never handed to the broker within Gateway:HandOffTimeout is closed. Any replica may run it at the same time as another: each step is idempotent.
/// </summary>
public sealed class JobRetentionSweeper(
    CartoonDb db,
    IBlobStore store,
    JobStateUpdater updater,
    IOptions<JobRetentionOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider clock,
    ILogger<JobRetentionSweeper> logger) : BackgroundService
{
    /// <summary>A worker already running an item of a deleted job may still write its result within this time.</summary>
    public static readonly TimeSpan DeleteGrace = TimeSpan.FromMinutes(10);

    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        if (interval <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Retention sweep failed; retrying at the next one");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<RetentionSweepResult> SweepOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = now - options.Value.Retention;
        var graceOver = now - DeleteGrace;
        var handOffOver = now - gateway.Value.HandOffTimeout;

        List<Guid> stranded;
        await using (var ctx = db.Create())
            stranded = await ctx.Jobs.Where(j => j.HandedOffAt == null && j.CompletedAt == null && j.SubmittedAt < handOffOver)
                .Select(j => j.Id).Take(Batch).ToListAsync(ct);
        foreach (var id in stranded)
            await updater.AbortAsync(id, FailureReasons.Internal, "The submit did not finish handing the job over.", ct);

        int jobs = 0, objects = 0;
        while (true)
        {
            List<Guid> due;
            await using (var ctx = db.Create())
                due = await ctx.Jobs.Where(j => (j.CompletedAt != null && j.CompletedAt < expired) || (j.DeletedAt != null && j.DeletedAt < graceOver))
                    .OrderBy(j => j.SubmittedAt).Select(j => j.Id).Take(Batch).ToListAsync(ct);
            foreach (var id in due)
            {
                // Objects first: a row outliving its objects is retried by the next sweep, objects outliving their row would be orphans.
                objects += await store.DeletePrefixAsync(JobObjectKeys.JobPrefix(id), ct);
                await using var ctx = db.Create();
                jobs += await ctx.Jobs.Where(j => j.Id == id).ExecuteDeleteAsync(ct);
            }
            if (due.Count < Batch)
                break;
        }
        if (jobs > 0 || stranded.Count > 0)
            logger.LogInformation("Retention: {Jobs} jobs and {Objects} objects deleted, {Stranded} stranded submits closed", jobs, objects, stranded.Count);
        return new RetentionSweepResult(jobs, objects, stranded.Count);
    }
}

