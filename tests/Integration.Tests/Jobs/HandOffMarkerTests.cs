using Cartoon.Database;
using Cartoon.Gateway.Jobs;
using Cartoon.Tests.Shared.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// Marking jobs handed over, many submits at once, on the real databases: every job marked once its caller's await
/// returns, a job marked earlier keeps its first time, and jobs nobody marked stay unmarked (the sweeper's signal).
/// </summary>
public sealed class HandOffMarkerTests() : JobStateDatabaseTests("handoff")
{
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_marks_each_land_before_their_caller_returns_and_leave_other_jobs_alone(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            var id = Guid.CreateVersion7();
            await replica.Jobs.CreateAsync(TestManifests.Create(id, DateTimeOffset.UtcNow, 1), CancellationToken.None);
            ids.Add(id);
        }
        var marked = ids.Take(24).ToList();
        var earlier = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var ctx = replica.Db.Create())
            await ctx.Jobs.Where(j => j.Id == marked[0]).ExecuteUpdateAsync(s => s.SetProperty(j => j.HandedOffAt, earlier));

        await using var marker = new HandOffMarker(replica.Db, TimeProvider.System);
        await Task.WhenAll(marked.Select(id => Task.Run(async () =>
        {
            await marker.MarkAsync(id, CancellationToken.None);
            // Committed by the time the caller goes on: a fresh read sees it.
            await using var ctx = replica.Db.Create();
            Assert.NotNull(await ctx.Jobs.Where(j => j.Id == id).Select(j => j.HandedOffAt).SingleAsync());
        })));

        await using (var ctx = replica.Db.Create())
        {
            var rows = await ctx.Jobs.AsNoTracking().ToDictionaryAsync(j => j.Id, j => j.HandedOffAt);
            Assert.All(marked, id => Assert.NotNull(rows[id]));
            Assert.All(ids.Skip(24), id => Assert.Null(rows[id]));
            Assert.Equal(earlier.ToUnixTimeMilliseconds(), rows[marked[0]]!.Value.ToUnixTimeMilliseconds());
        }
    }
}
