using System.Net;
using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// Job retention in the gateway (Storage:Retention, Storage:SweepInterval): its settings, checked at start, and one
/// sweep against the real database and file store. Ages are set on the rows, so no test waits for the clock.
/// </summary>
public sealed class JobRetentionTests
{
    [Fact]
    public async Task Defaults_keep_a_finished_job_a_day_and_sweep_every_ten_minutes()
    {
        await using var app = new GatewayApp();
        var options = app.Services.GetRequiredService<IOptions<JobRetentionOptions>>().Value;
        Assert.Equal(TimeSpan.FromHours(24), options.Retention);
        Assert.Equal(TimeSpan.FromMinutes(10), options.SweepInterval);
    }

    [Fact]
    public async Task The_settings_keep_their_storage_section_names()
    {
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Storage:Retention"] = "02:00:00", ["Storage:SweepInterval"] = "00:00:00",
        });
        var options = app.Services.GetRequiredService<IOptions<JobRetentionOptions>>().Value;
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.Zero), (options.Retention, options.SweepInterval));
    }

    [Theory]
    [InlineData("Storage:Retention", "00:00:00", "Storage:Retention must be positive")]
    [InlineData("Storage:SweepInterval", "-00:00:01", "Storage:SweepInterval must be zero (disabled) or positive")]
    public async Task Invalid_settings_fail_at_start_naming_the_setting(string setting, string value, string expected)
    {
        await using var app = new GatewayApp(settings: new Dictionary<string, string?> { [setting] = value });
        var error = app.StartupFailure();
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_deletes_expired_and_long_deleted_jobs_with_their_objects_and_keeps_the_others()
    {
        // No timer: the test runs the one sweep itself.
        await using var app = new GatewayApp(settings: new Dictionary<string, string?> { ["Storage:SweepInterval"] = "00:00:00" });
        await using var worker = await TestWorker.StartAsync(app, (w, ctx) => w.CompleteAsync(ctx));
        var expired = await CompletedJobAsync(app);
        var recent = await CompletedJobAsync(app);
        var deletedLongAgo = await CompletedJobAsync(app);
        var deletedJustNow = await CompletedJobAsync(app);

        using (var client = app.CreateClient())
        {
            foreach (var id in new[] { deletedLongAgo, deletedJustNow })
            {
                using var deleted = await client.DeleteAsync($"/v1/jobs/{id}");
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }
        }

        // What a worker may still write after a DELETE (the reason for the grace period), for both deleted jobs.
        foreach (var id in new[] { deletedLongAgo, deletedJustNow })
            await app.Store.PutAsync(JobObjectKeys.Result(id, 0, "png"), TestImages.Png(), "image/png");

        var now = DateTimeOffset.UtcNow;
        await using (var ctx = app.Services.GetRequiredService<CartoonDb>().Create())
        {
            await ctx.Jobs.Where(j => j.Id == expired).ExecuteUpdateAsync(s => s.SetProperty(j => j.CompletedAt, now - TimeSpan.FromHours(25)));
            await ctx.Jobs.Where(j => j.Id == deletedLongAgo)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.DeletedAt, now - JobRetentionSweeper.DeleteGrace - TimeSpan.FromMinutes(1)));
        }

        var sweeper = app.Services.GetServices<IHostedService>().OfType<JobRetentionSweeper>().Single();
        var result = await sweeper.SweepOnceAsync(CancellationToken.None);

        // The expired job's input and result, the long-deleted job's late result.
        Assert.Equal((2, 3), (result.JobsDeleted, result.ObjectsDeleted));
        Assert.Equal([recent, deletedJustNow], await RemainingAsync(app, [expired, recent, deletedLongAgo, deletedJustNow]));
        Assert.Empty(await KeysAsync(app, expired));
        Assert.Empty(await KeysAsync(app, deletedLongAgo));
        Assert.Equal([JobObjectKeys.Input(recent, 0), JobObjectKeys.Result(recent, 0, "png")], await KeysAsync(app, recent));
        // Inside the grace period the late result stays until a later sweep.
        Assert.Equal([JobObjectKeys.Result(deletedJustNow, 0, "png")], await KeysAsync(app, deletedJustNow));
    }

    private static async Task<Guid> CompletedJobAsync(GatewayApp app)
    {
        var job = await app.SubmitPngsAsync(1);
        await app.WaitForAsync(job.Id, j => j.Status == "succeeded");
        return job.Id;
    }

    private static async Task<Guid[]> RemainingAsync(GatewayApp app, Guid[] ids)
    {
        await using var ctx = app.Services.GetRequiredService<CartoonDb>().Create();
        var remaining = await ctx.Jobs.Where(j => ids.Contains(j.Id)).Select(j => j.Id).ToListAsync();
        return [.. ids.Where(remaining.Contains)];
    }

    private static async Task<string[]> KeysAsync(GatewayApp app, Guid job)
    {
        var keys = new List<string>();
        await foreach (var blob in app.Store.ListAsync(JobObjectKeys.JobPrefix(job)))
            keys.Add(blob.Key);
        return [.. keys.Order(StringComparer.Ordinal)];
    }
}
