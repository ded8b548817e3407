using System.Collections.Concurrent;
using Cartoon.Contracts;
using Cartoon.Worker.Consumers;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Worker.Tests;

/// <summary>
/// The tier endpoint settings of <see cref="CartoonizeBatchConsumerDefinition"/> on MassTransit's in-memory transport,
/// with a probe batch consumer in place of the engine-backed one: grouping, retry, faults, consume timeout.
/// </summary>
public class TierEndpointTests
{
    private const string Queue = "probe-tier";

    private static CartoonizeBatchConsumerDefinition Definition(int groupLimit, TimeSpan? timeLimit = null,
        List<TimeSpan>? retries = null, TimeSpan? consumeTimeout = null, int concurrency = 1)
    {
        var plan = new TierPlan("s", Queue, 512, 512, groupLimit, 1, 1);
        var tiers = new TierOptions { TimeLimit = timeLimit ?? TimeSpan.FromMilliseconds(300), ConcurrencyLimit = concurrency };
        var worker = new WorkerOptions { RetryIntervals = retries ?? [TimeSpan.FromMilliseconds(50)] };
        return new CartoonizeBatchConsumerDefinition(plan, tiers, worker, consumeTimeout ?? TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Prefetch_holds_every_group_in_flight()
    {
        var d = Definition(groupLimit: 7, concurrency: 3);
        Assert.Equal(7, d.MessageLimit);
        Assert.Equal(21, d.PrefetchCount);
    }

    [Fact]
    public async Task Twelve_items_sent_together_run_in_groups_above_one_and_never_above_the_limit()
    {
        await using var bus = await ProbeBus.StartAsync(Definition(groupLimit: 5));

        await bus.SendAsync(Items(12));
        await bus.WaitForAsync(() => bus.Script.Consumed.Count == 12);

        var groups = bus.Script.Groups.ToArray();
        Assert.All(groups, g => Assert.InRange(g.Length, 1, 5));
        Assert.Contains(groups, g => g.Length > 1);
        Assert.Equal(12, groups.Sum(g => g.Length));
        Assert.Empty(bus.Faults);
    }

    [Fact]
    public async Task A_group_keeps_filling_while_items_keep_arriving_within_the_time_limit()
    {
        // The limit counts from the LAST arrival: seven items 400 ms apart span 2.4 s, beyond a 2 s limit counted from
        // the first one, yet each arrives well within 2 s of the previous (1.6 s of slack for a loaded machine): one group.
        await using var bus = await ProbeBus.StartAsync(Definition(groupLimit: 10, timeLimit: TimeSpan.FromSeconds(2)));

        foreach (var item in Items(7))
        {
            await bus.SendAsync([item]);
            await Task.Delay(400);
        }
        await bus.WaitForAsync(() => bus.Script.Consumed.Count == 7);

        var group = Assert.Single(bus.Script.Groups);
        Assert.Equal(7, group.Length);
    }

    [Fact]
    public async Task A_transient_fault_runs_the_group_again_and_nothing_faults()
    {
        var failures = 0;
        await using var bus = await ProbeBus.StartAsync(Definition(groupLimit: 4), _ =>
        {
            if (Interlocked.Increment(ref failures) == 1)
                throw new StorageUnavailableException("store down");
        });

        await bus.SendAsync(Items(4));
        await bus.WaitForAsync(() => bus.Script.Consumed.Count == 4);

        Assert.True(bus.Script.Attempts >= 2);
        await Task.Delay(300);
        Assert.Empty(bus.Faults);
    }

    [Fact]
    public async Task A_group_past_its_consume_timeout_runs_again_and_nothing_faults()
    {
        // The first attempt is late (on CUDA: a cold shape's algorithm search); the retry finds the shape warm.
        var attempts = 0;
        await using var bus = await ProbeBus.StartAsync(Definition(groupLimit: 3), _ =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
                throw new GroupTimeoutException(TimeSpan.FromSeconds(30), 3);
        });

        await bus.SendAsync(Items(3));
        await bus.WaitForAsync(() => bus.Script.Consumed.Count == 3);

        Assert.Equal(2, bus.Script.Attempts);
        await Task.Delay(300);
        Assert.Empty(bus.Faults);
    }

    [Fact]
    public async Task When_retries_are_spent_every_item_of_the_group_faults()
    {
        await using var bus = await ProbeBus.StartAsync(
            Definition(groupLimit: 3, retries: [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)]),
            _ => throw new StorageUnavailableException("store down"));

        var items = Items(3);
        await bus.SendAsync(items);
        await bus.WaitForAsync(() => bus.Faults.Count == 3);

        Assert.Equal(items.Select(i => i.ItemIndex).Order(), bus.Faults.Select(f => f.Message.ItemIndex).Order());
        foreach (var e in bus.Faults.First().Exceptions) { Console.WriteLine(e.ExceptionType + ": " + e.Message + "\n" + e.StackTrace); for (var i = e.InnerException; i != null; i = i.InnerException) Console.WriteLine(" INNER " + i.ExceptionType + ": " + i.Message + "\n" + i.StackTrace); }
        Assert.Contains(bus.Faults, f => f.Exceptions.Any(e => e.ExceptionType.Contains(nameof(StorageUnavailableException))));
        Assert.Equal(3, bus.Script.Attempts); // first run + 2 retries
    }

    [Fact]
    public async Task A_non_transient_fault_is_not_retried_and_faults_each_item()
    {
        await using var bus = await ProbeBus.StartAsync(Definition(groupLimit: 2),
            _ => throw new InvalidOperationException("engine broken"));

        await bus.SendAsync(Items(2));
        await bus.WaitForAsync(() => bus.Faults.Count == 2);

        Assert.Equal(1, bus.Script.Attempts);
    }

    internal static IReadOnlyList<CartoonizeItem> Items(int count)
    {
        var job = Guid.NewGuid();
        return Enumerable.Range(0, count).Select(i => ItemMappingTests.Item(job, i)).ToArray();
    }

    /// <summary>What the probe consumer saw, and what it does with each group.</summary>
    public sealed class ProbeScript
    {
        public Func<CancellationToken, Task> Behaviour { get; set; } = _ => Task.CompletedTask;
        public ConcurrentQueue<CartoonizeItem[]> Groups { get; } = new();
        public ConcurrentBag<(Guid, int)> Consumed { get; } = [];
        public int Attempts;
        public int Canceled;
    }

    public sealed class ProbeBatchConsumer(ProbeScript script) : IConsumer<Batch<CartoonizeItem>>
    {
        public async Task Consume(ConsumeContext<Batch<CartoonizeItem>> context)
        {
            var items = context.Message.Select(m => m.Message).ToArray();
            Interlocked.Increment(ref script.Attempts);
            script.Groups.Enqueue(items);
            try
            {
                await script.Behaviour(context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref script.Canceled);
                throw;
            }
            foreach (var item in items)
                script.Consumed.Add((item.JobId, item.ItemIndex));
        }
    }

    public sealed class FaultSink(ConcurrentQueue<Fault<CartoonizeItem>> faults) : IConsumer<Fault<CartoonizeItem>>
    {
        public Task Consume(ConsumeContext<Fault<CartoonizeItem>> context)
        {
            faults.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }

    private sealed class ProbeBus : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly IBusControl _bus;

        private ProbeBus(ServiceProvider provider)
        {
            _provider = provider;
            _bus = provider.GetRequiredService<IBusControl>();
        }

        public ProbeScript Script => _provider.GetRequiredService<ProbeScript>();

        public ConcurrentQueue<Fault<CartoonizeItem>> Faults => _provider.GetRequiredService<ConcurrentQueue<Fault<CartoonizeItem>>>();

        public static Task<ProbeBus> StartAsync(CartoonizeBatchConsumerDefinition definition, Action<CancellationToken> behaviour) =>
            StartAsync(definition, ct =>
            {
                behaviour(ct);
                return Task.CompletedTask;
            });

        public static async Task<ProbeBus> StartAsync(CartoonizeBatchConsumerDefinition definition, Func<CancellationToken, Task>? behaviour = null)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(new ProbeScript { Behaviour = behaviour ?? (_ => Task.CompletedTask) });
            services.AddSingleton(new ConcurrentQueue<Fault<CartoonizeItem>>());
            services.AddMassTransit(x =>
            {
                x.AddConsumer<ProbeBatchConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<FaultSink>();
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.ReceiveEndpoint(definition.QueueName, e =>
                    {
                        definition.ConfigureEndpoint(e);
                        e.ConfigureConsumer<ProbeBatchConsumer>(context, definition.ConfigureConsumer);
                    });
                    cfg.ConfigureEndpoints(context);
                });
            });
            var probe = new ProbeBus(services.BuildServiceProvider());
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await probe._bus.StartAsync(cts.Token);
            return probe;
        }

        public async Task SendAsync(IEnumerable<CartoonizeItem> items)
        {
            var endpoint = await _bus.GetSendEndpoint(new Uri($"queue:{Queue}"));
            await endpoint.SendBatch(items);
        }

        public async Task WaitForAsync(Func<bool> condition, int timeoutMs = 15_000)
        {
            var deadline = Environment.TickCount64 + timeoutMs;
            while (!condition())
            {
                if (Environment.TickCount64 > deadline)
                    throw new TimeoutException("The condition did not hold in time.");
                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _bus.StopAsync(CancellationToken.None);
            await _provider.DisposeAsync();
        }
    }
}
