using System.Reflection;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Webhooks;
using Cartoon.Tests.Shared.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// A submit's job insert (one hand-written statement on PostgreSQL, EF's change tracker on SQLite) stores exactly the
/// row the mapper builds: every column of the job and of each item read back equals the mapped value, so a column added
/// to the model but not to the statement fails here.
/// </summary>
public sealed class JobInsertTests() : JobStateDatabaseTests("insert")
{
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_stored_job_and_items_equal_the_mapped_rows_column_by_column(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var jobId = Guid.CreateVersion7();
        var submittedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var plain = TestManifests.Create(jobId, submittedAt, 3, side: 640);
        var manifest = plain with
        {
            Items = [plain.Items[0], plain.Items[1] with
            {
                FileName = "größe 😀.jpg", InputFormat = "jpeg", Bytes = 123_456_789, Width = 4000, Height = 3000, WorkWidth = 960, WorkHeight = 720, Tier = "l",
            }, plain.Items[2]],
            Parameters = new JobParameters("sketch", 0.5f, 1024, "webp", 77, JobDetails.High),
            Webhook = new WebhookSubscription("https://hooks.example/cartoon", ["completed", "item.failed"]),
            Rejected = [new RejectedPart(3, "bad.txt", "unsupported_format", "Not an image.")],
            TraceId = "0af7651916cd43dd8448eb211c80319c",
        };
        var expected = JobRowMapper.ToRow(manifest);

        var snapshot = await replica.Jobs.CreateAsync(manifest, CancellationToken.None);

        Assert.Equal(3, snapshot.Total);
        await using var ctx = replica.Db.Create();
        var job = await ctx.Jobs.AsNoTracking().Include(j => j.Items).SingleAsync(j => j.Id == jobId);
        AssertColumnsEqual(expected, job, nameof(expected.Items), nameof(expected.Webhooks));
        Assert.Equal(expected.Items.Count, job.Items.Count);
        foreach (var (want, got) in expected.Items.Zip(job.Items.OrderBy(i => i.Index)))
            AssertColumnsEqual(want, got);
        Assert.Equal("größe 😀.jpg", job.Items.Single(i => i.Index == 1).FileName);
    }

    private static void AssertColumnsEqual<T>(T expected, T actual, params string[] skip)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => !skip.Contains(p.Name)))
            Assert.True(Equals(property.GetValue(expected), property.GetValue(actual)),
                $"{typeof(T).Name}.{property.Name}: expected {property.GetValue(expected) ?? "null"}, stored {property.GetValue(actual) ?? "null"}");
    }
}
