using Cartoon.Contracts;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Worker;

/// <summary>Tier queues on RabbitMQ: durable quorum queues, whoever (sender or worker) declares them first.</summary>
[Collection(WorkerCollection.Name)]
public sealed class TierTopologyTests
{
    [Fact]
    public async Task Commands_sent_before_any_worker_started_wait_in_quorum_queues_and_a_later_worker_runs_them()
    {
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        var bucket = ServicesFixture.NewBucketName("topology");
        var prefix = WorkerHost.NewPrefix();
        try
        {
            var job = Guid.NewGuid();
            await using (var sender = await WorkerHost.StartAsync(rabbit, bucket, prefix, hostWorker: false, deleteQueuesOnDispose: false))
            {
                var png = Portraits.Png(256, 256);
                var items = new[]
                {
                    await sender.ItemAsync(job, 0, png, 256, 256),
                    await sender.ItemAsync(job, 1, png, 256, 256),
                    await sender.ItemAsync(job, 2, Portraits.Png(800, 600), 800, 600), // another tier
                };
                Assert.NotEqual(items[0].Tier, items[2].Tier);
                await sender.SendAsync(items);
            }

            foreach (var plan in new[] { "s", "m", "l", "xl" })
            {
                if (rabbit.ManagementUri is not null)
                    Assert.Equal("quorum", await RabbitAdmin.QueueTypeAsync(rabbit, $"{prefix}-{plan}"));
            }

            await using var worker = await WorkerHost.StartAsync(rabbit, bucket, prefix);
            var outcomes = await worker.WaitForOutcomesAsync(job, 3);
            Assert.All(outcomes, o => Assert.IsType<ItemCompleted>(o));
        }
        finally
        {
            await RabbitAdmin.DeleteQueuesAsync(rabbit, prefix);
            await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, bucket);
        }
    }
}
