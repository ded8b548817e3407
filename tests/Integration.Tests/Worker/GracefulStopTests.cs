using Cartoon.Contracts;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Worker;

/// <summary>Stopping a worker mid-group: it stops taking messages, finishes the group in flight, then acks.</summary>
[Collection(WorkerCollection.Name)]
public sealed class GracefulStopTests
{
    [Fact]
    public async Task A_worker_stopped_while_a_group_runs_finishes_it_stores_and_announces_every_item_and_leaves_nothing_unacked()
    {
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        var bucket = ServicesFixture.NewBucketName("stop");
        var prefix = WorkerHost.NewPrefix();
        try
        {
            // The observer (a gateway without worker) outlives the worker, so it hears the events the stop publishes.
            await using var observer = await WorkerHost.StartAsync(rabbit, bucket, prefix, hostWorker: false, deleteQueuesOnDispose: false);
            var worker = await WorkerHost.StartAsync(rabbit, bucket, prefix, deleteQueuesOnDispose: false);

            var job = Guid.NewGuid();
            var png = Portraits.Png(384, 384);
            var items = new List<CartoonizeItem>();
            for (var i = 0; i < 5; i++)
                items.Add(await observer.ItemAsync(job, i, png, 384, 384));
            await observer.SendAsync(items);

            // The group of 5 fills at once (its message limit) and runs for a few seconds on the CPU: stop meanwhile.
            await Task.Delay(TimeSpan.FromMilliseconds(700));
            Assert.Empty(observer.Outcomes.For(job));
            await worker.DisposeAsync();

            var outcomes = await observer.WaitForOutcomesAsync(job, 5, TimeSpan.FromSeconds(30));
            Assert.All(outcomes, o => Assert.IsType<ItemCompleted>(o));
            foreach (var item in items)
                Assert.NotNull(await observer.Store.GetAsync(item.ResultKey));
            Assert.Equal(0u, await RabbitAdmin.MessageCountAsync(rabbit, $"{prefix}-{items[0].Tier}"));
        }
        finally
        {
            await RabbitAdmin.DeleteQueuesAsync(rabbit, prefix);
            await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, bucket);
        }
    }

    [Fact]
    public async Task A_group_still_running_when_the_stop_timeout_ends_is_not_acked_and_its_messages_wait_for_the_next_worker()
    {
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        var bucket = ServicesFixture.NewBucketName("stop");
        var prefix = WorkerHost.NewPrefix();
        try
        {
            await using var observer = await WorkerHost.StartAsync(rabbit, bucket, prefix, hostWorker: false, deleteQueuesOnDispose: false);
            var worker = await WorkerHost.StartAsync(rabbit, bucket, prefix, deleteQueuesOnDispose: false,
                settings: new Dictionary<string, string?> { ["Worker:StopTimeout"] = "00:00:00.300" });

            var job = Guid.NewGuid();
            // 1024² items: a group of 720² ones ran in 0.8 s on a quiet CI box and finished before the stop timeout ended.
            var png = Portraits.Png(1024, 1024, "dctnet_input_portrait.png");
            var items = new List<CartoonizeItem>();
            for (var i = 0; i < 5; i++)
                items.Add(await observer.ItemAsync(job, i, png, 1024, 1024));
            await observer.SendAsync(items);

            await Task.Delay(TimeSpan.FromMilliseconds(700));
            Assert.Empty(observer.Outcomes.For(job));
            await worker.DisposeAsync();

            // Nothing was acked, faulted, stored or announced.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Empty(observer.Outcomes.For(job));
            Assert.Empty(observer.Outcomes.Faults);
            foreach (var item in items)
                Assert.Null(await observer.Store.GetAsync(item.ResultKey));

            // MassTransit gave up waiting but keeps the connection of the stopped bus (and its unacked deliveries)
            // until the process exits: close it as the exit would, and the deliveries are back in the queue.
            Assert.True(await RabbitAdmin.CloseConnectionsAsync(rabbit, $"{prefix}-worker") > 0);
            var queue = $"{prefix}-{items[0].Tier}";
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await RabbitAdmin.MessageCountAsync(rabbit, queue) < 5 && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            Assert.Equal(5u, await RabbitAdmin.MessageCountAsync(rabbit, queue));

            // The next worker takes them over: same result keys, same event ids.
            await using var next = await WorkerHost.StartAsync(rabbit, bucket, prefix, deleteQueuesOnDispose: false);
            var outcomes = await observer.WaitForOutcomesAsync(job, 5, TimeSpan.FromMinutes(2));
            Assert.All(outcomes, o => Assert.Equal(StableIds.ForItem(job, o.ItemIndex), Assert.IsType<ItemCompleted>(o).EventId));
        }
        finally
        {
            await RabbitAdmin.DeleteQueuesAsync(rabbit, prefix);
            await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, bucket);
        }
    }
}
