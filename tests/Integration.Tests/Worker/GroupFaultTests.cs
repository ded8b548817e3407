using Cartoon.Contracts;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Worker.Consumers;

namespace Cartoon.Integration.Tests.Worker;

/// <summary>
/// A group that faults (here: it outlives its consume timeout with retries turned off; a timeout is transient, so with
/// retries it would run again first) on the real broker: _error + Fault per item.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class GroupFaultTests
{
    [Fact]
    public async Task A_group_past_its_consume_timeout_faults_every_item_to_the_error_queue_and_stores_nothing()
    {
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        var bucket = ServicesFixture.NewBucketName("fault");
        var prefix = WorkerHost.NewPrefix();
        try
        {
            await using var worker = await WorkerHost.StartAsync(rabbit, bucket, prefix, settings: new Dictionary<string, string?>
            {
                ["Worker:ConsumeTimeout"] = "00:00:00.050",
                ["Worker:RetryIntervals:0"] = null,
                ["Worker:RetryIntervals:1"] = null,
            });
            var job = Guid.NewGuid();
            var png = Portraits.Png(384, 384);
            var items = new List<CartoonizeItem>();
            for (var i = 0; i < 3; i++)
                items.Add(await worker.ItemAsync(job, i, png, 384, 384));

            await worker.SendAsync(items);

            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (worker.Outcomes.Faults.Count(f => f.Message.JobId == job) < 3 && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            var faults = worker.Outcomes.Faults.Where(f => f.Message.JobId == job).ToList();
            Assert.Equal([0, 1, 2], faults.Select(f => f.Message.ItemIndex).Order());
            Assert.All(faults, f => Assert.Contains(f.Exceptions, e => e.ExceptionType.EndsWith(nameof(GroupTimeoutException), StringComparison.Ordinal)));
            Assert.Empty(worker.Outcomes.For(job));
            foreach (var item in items)
                Assert.Null(await worker.Store.GetAsync(item.ResultKey));

            var errorQueue = $"{prefix}-{items[0].Tier}_error";
            // The faults are published before the moves to _error are confirmed, and the management API counts with a
            // delay of its own: wait for the count rather than read it once.
            var inError = await RabbitAdmin.MessageCountAsync(rabbit, errorQueue);
            for (var wait = DateTime.UtcNow.AddSeconds(20); inError < 3 && DateTime.UtcNow < wait; inError = await RabbitAdmin.MessageCountAsync(rabbit, errorQueue))
                await Task.Delay(250);
            Assert.Equal(3u, inError);
            if (rabbit.ManagementUri is not null)
                Assert.Equal("quorum", await RabbitAdmin.QueueTypeAsync(rabbit, errorQueue)); // MassTransit copies the queue type
        }
        finally
        {
            await RabbitAdmin.DeleteQueuesAsync(rabbit, prefix);
            await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, bucket);
        }
    }
}
