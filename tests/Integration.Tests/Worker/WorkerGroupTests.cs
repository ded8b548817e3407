using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Integration.Tests.Infrastructure;
using SixLabors.ImageSharp;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Worker;

[CollectionDefinition(Name)]
public sealed class WorkerCollection
{
    /// <summary>The worker tests run one at a time: each hosts the real engine on the CPU.</summary>
    public const string Name = "worker (real engine, RabbitMQ, S3)";
}

/// <summary>
/// The GPU worker composed as its host composes it, on the real broker and store with the real engine (CPU):
/// groups are formed by the tier endpoint, run in ONE engine call, stored, then announced.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class WorkerGroupTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _bucket = ServicesFixture.NewBucketName("worker");
    private RabbitMqEndpoint _rabbit = null!;
    private WorkerHost _worker = null!;

    public async Task InitializeAsync()
    {
        _rabbit = await RabbitMqEndpoint.AcquireAsync();
        _worker = await WorkerHost.StartAsync(_rabbit, _bucket, WorkerHost.NewPrefix());
    }

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _rabbit.DisposeAsync();
        await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, _bucket);
    }

    [Fact]
    public async Task Twelve_items_sent_together_run_in_groups_larger_than_one_and_never_above_the_tier_limit()
    {
        var png = Portraits.Png(256, 256);
        var job = Guid.NewGuid();
        var items = new List<CartoonizeItem>();
        for (var i = 0; i < 12; i++)
            items.Add(await _worker.ItemAsync(job, i, png, 256, 256));
        var plan = _worker.Tiers.Find(items[0].Tier)!;
        Assert.Equal(5, plan.GroupLimit); // Tiers:MaxGroupSize caps the small tier in this test

        await _worker.SendAsync(items);
        var outcomes = await _worker.WaitForOutcomesAsync(job, 12);

        var completed = outcomes.OfType<ItemCompleted>().ToList();
        output.WriteLine("groups: " + string.Join(", ", completed.GroupBy(c => c.StartedAt).Select(g => $"{g.Count()} (BatchSize {g.First().BatchSize}, {g.First().InferenceMs:F0} ms/item)")));
        Assert.Equal(12, completed.Count);
        Assert.Equal(Enumerable.Range(0, 12), completed.Select(c => c.ItemIndex).Order());
        Assert.All(completed, c => Assert.InRange(c.BatchSize, 1, plan.GroupLimit));
        Assert.Contains(completed, c => c.BatchSize > 1);
        Assert.All(completed, c => Assert.Equal("cpu", c.Device));

        // Items announced together ran together: each group's size is the number of its items.
        foreach (var group in completed.GroupBy(c => c.StartedAt))
            Assert.All(group, c => Assert.Equal(group.Count(), c.BatchSize));

        foreach (var c in completed)
        {
            Assert.Equal(StableIds.ForItem(job, c.ItemIndex), c.EventId);
            var stored = await _worker.Store.GetAsync(c.ResultKey);
            Assert.NotNull(stored);
            Assert.Equal("image/png", stored.ContentType);
            using var image = Image.Load(stored.Data);
            Assert.Equal((256, 256), (image.Width, image.Height));
        }
        Assert.Empty(_worker.Outcomes.Faults);
    }

    [Fact]
    public async Task In_a_group_with_a_corrupt_a_missing_and_a_canceled_item_those_fail_with_their_reasons_and_the_others_complete()
    {
        var png = Portraits.Png(256, 256);
        var job = Guid.NewGuid();
        var canceledJob = Guid.NewGuid();
        await _worker.Store.PutAsync(JobObjectKeys.CancelMarker(canceledJob), "{}"u8.ToArray(), "application/json");
        var items = new[]
        {
            await _worker.ItemAsync(job, 0, png, 256, 256),
            await _worker.ItemAsync(job, 1, Portraits.CorruptPixels(png), 256, 256),
            await _worker.ItemAsync(job, 2, png, 256, 256, format: "JPEG"),
            await _worker.ItemAsync(job, 3, input: null, 256, 256), // never stored
            await _worker.ItemAsync(canceledJob, 0, png, 256, 256),
        };

        await _worker.SendAsync(items);
        var outcomes = (await _worker.WaitForOutcomesAsync(job, 4)).ToDictionary(o => o.ItemIndex);
        var canceled = Assert.Single(await _worker.WaitForOutcomesAsync(canceledJob, 1));

        var corrupt = Assert.IsType<ItemFailed>(outcomes[1]);
        Assert.Equal(FailureReasons.InvalidImage, corrupt.Reason);
        var missing = Assert.IsType<ItemFailed>(outcomes[3]);
        Assert.Equal(FailureReasons.InvalidImage, missing.Reason);
        Assert.StartsWith("input_missing", missing.Message);
        Assert.Equal(FailureReasons.Canceled, Assert.IsType<ItemFailed>(canceled).Reason);
        Assert.Null(await _worker.Store.GetAsync(items[4].ResultKey));

        var png0 = Assert.IsType<ItemCompleted>(outcomes[0]);
        var jpeg2 = Assert.IsType<ItemCompleted>(outcomes[2]);
        Assert.Equal("image/png", png0.ContentType);
        Assert.Equal("image/jpeg", jpeg2.ContentType);
        Assert.Equal("image/jpeg", (await _worker.Store.GetAsync(jpeg2.ResultKey))!.ContentType);

        output.WriteLine(string.Join(", ", outcomes.Values.Append(canceled).Select(o => $"{o.JobId:N}/{o.ItemIndex} batch {o.BatchSize} at {o.StartedAt:HH:mm:ss.fff}")));

        // When the five ran as one group, the engine call held the three items that had an input.
        if (outcomes.Values.Append(canceled).Select(o => o.StartedAt).Distinct().Count() == 1)
        {
            Assert.Equal(3, png0.BatchSize);
            Assert.Equal(3, corrupt.BatchSize);
        }
        Assert.Empty(_worker.Outcomes.Faults);
    }

    [Fact]
    public async Task The_same_command_consumed_twice_rewrites_the_same_result_key_and_repeats_the_same_event_id()
    {
        var job = Guid.NewGuid();
        var item = await _worker.ItemAsync(job, 7, Portraits.Png(256, 192), 256, 192);

        await _worker.SendAsync([item]);
        var first = Assert.IsType<ItemCompleted>(Assert.Single(await _worker.WaitForOutcomesAsync(job, 1)));
        var firstBytes = (await _worker.Store.GetAsync(item.ResultKey))!.Data;

        await _worker.SendAsync([item]); // a redelivery of the same command
        var outcomes = await _worker.WaitForOutcomesAsync(job, 2);
        var second = Assert.IsType<ItemCompleted>(outcomes[1]);

        Assert.Equal(first.EventId, second.EventId);
        Assert.Equal(StableIds.ForItem(job, 7), second.EventId);
        Assert.Equal(item.ResultKey, first.ResultKey);
        Assert.Equal(first.ResultKey, second.ResultKey);
        Assert.Equal((first.Width, first.Height), (second.Width, second.Height));
        var stored = await _worker.Store.GetAsync(item.ResultKey);
        Assert.NotNull(stored);
        using var image = Image.Load(stored.Data);
        Assert.Equal((256, 192), (image.Width, image.Height));
        Assert.Equal(firstBytes.Length > 0, stored.Data.Length > 0);
    }
}
