using Cartoon.Worker;
using Cartoon.Engine;
using Cartoon.Worker.Consumers;
using Cartoon.Messaging;
using Cartoon.Contracts;
using Cartoon.Messaging.Tiers;
using Cartoon.Worker.Video;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

/// <summary>AddCartoonBus as the hosts compose it, on the in-memory transport.</summary>
public class BusRegistrationTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings, bool hostWorker)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddCartoonEngine(builder.Configuration);
        if (hostWorker)
            builder.Services.AddCartoonWorker(builder.Configuration);
        else
            builder.Services.AddCartoonBus(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task The_worker_host_starts_one_endpoint_per_tier_and_reports_the_bus_ready()
    {
        using var host = BuildHost(new() { ["Tiers:TimeLimit"] = "00:00:00.250" }, hostWorker: true);
        await host.StartAsync();
        try
        {
            var endpoints = host.Services.GetRequiredService<WorkerEndpoints>();
            var catalog = host.Services.GetRequiredService<TierCatalog>();
            Assert.Equal(catalog.Plans.Select(p => p.QueueName), endpoints.Definitions.Select(d => d.QueueName));
            Assert.All(endpoints.Definitions, d =>
            {
                Assert.Equal(TimeSpan.FromMilliseconds(250), d.TimeLimit);
                Assert.True(d.PrefetchCount >= d.MessageLimit * d.ConcurrencyLimit);
            });

            var health = host.Services.GetRequiredService<HealthCheckService>();
            HealthReport report;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            do
            {
                report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
                if (report.Status == HealthStatus.Healthy)
                    break;
                await Task.Delay(100);
            } while (DateTime.UtcNow < deadline);

            Assert.NotEmpty(report.Entries);
            Assert.Equal(HealthStatus.Healthy, report.Status);
            Assert.Contains(report.Entries.Keys, k => k.Contains("masstransit", StringComparison.OrdinalIgnoreCase));

            var stop = host.Services.GetRequiredService<IOptions<MassTransitHostOptions>>().Value;
            Assert.Equal(TimeSpan.FromMinutes(2), stop.StopTimeout);
            Assert.True(host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout > stop.StopTimeout!.Value);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_gateway_side_gets_the_catalog_without_tier_endpoints()
    {
        using var host = BuildHost(new(), hostWorker: false);
        await host.StartAsync();
        try
        {
            Assert.NotEmpty(host.Services.GetRequiredService<TierCatalog>().Plans);
            Assert.Null(host.Services.GetService<WorkerEndpoints>());
            Assert.Equal(MessagingTransport.InMemory, host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_rabbitmq_transport_without_a_host_fails_at_start()
    {
        using var host = BuildHost(new() { ["Messaging:Transport"] = "RabbitMq", ["Messaging:RabbitMq:Host"] = "" }, hostWorker: false);
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Host", ex.Message);
    }

    [Fact]
    public async Task Invalid_tiers_fail_at_start()
    {
        using var host = BuildHost(new() { ["Tiers:Sizes:0:Name"] = "BAD NAME", ["Tiers:Sizes:0:MaxWidth"] = "512", ["Tiers:Sizes:0:MaxHeight"] = "512" },
            hostWorker: false);
        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public void A_worker_hands_its_tiers_to_the_engine_warm_up_and_a_gateway_without_a_worker_does_not()
    {
        using var worker = BuildHost(new() { ["Engine:WarmUp"] = "false", ["Engine:Device"] = "Cpu" }, hostWorker: true);
        // The size tiers' boxes: the high-detail tier's items reach the nets as tiles, not as its box.
        var plans = worker.Services.GetRequiredService<TierCatalog>().SizeTiers;
        var groups = worker.Services.GetRequiredService<Engine.Batching.WarmUpGroups>();
        Assert.Equal(plans.Select(p => new Engine.Batching.GroupBox(p.MaxWidth, p.MaxHeight, p.GroupLimit)), groups.Boxes);
        // The cost model the tiers were planned with follows the engine's padding (off on the CPU).
        Assert.False(worker.Services.GetRequiredService<Engine.Batching.MemoryCostModel>().PadBatch);

        using var gateway = BuildHost(new() { ["Engine:WarmUp"] = "false" }, hostWorker: false);
        Assert.Null(gateway.Services.GetService<Engine.Batching.WarmUpGroups>());
    }

    [Fact]
    public void The_consume_timeout_covers_the_groups_that_may_run_before_it()
    {
        var catalog = new TierCatalog(Options.Create(new TierOptions()), EngineSizing.From(new Engine.Batching.MemoryCostModel(
            new Engine.Batching.MemoryCostOptions(), Engine.Batching.ShapeBuckets.Default, padBatch: true), new Engine.EngineOptions()));
        var worker = new WorkerOptions();
        var definitions = CartoonizeBatchConsumerDefinition.ForTiers(catalog, new TierOptions(), worker);

        var inFlight = catalog.Plans.Sum(p => p.GroupLimit * new TierOptions().ConcurrencyLimit);
        Assert.All(definitions, d => Assert.Equal(worker.ConsumeTimeoutBase + worker.ConsumeTimeoutPerItem * inFlight, d.ConsumeTimeout));

        var fixedTimeout = CartoonizeBatchConsumerDefinition.ForTiers(catalog, new TierOptions(), new WorkerOptions { ConsumeTimeout = TimeSpan.FromSeconds(42) });
        Assert.All(fixedTimeout, d => Assert.Equal(TimeSpan.FromSeconds(42), d.ConsumeTimeout));
    }

    [Theory]
    [InlineData("loopback://localhost/cartoonize-m", "m")]
    [InlineData("rabbitmq://127.0.0.1:5673/cartoonize-m?quorum=true", "m")]
    [InlineData("rabbitmq://broker/vhost/cartoonize-xl", "xl")]
    [InlineData("rabbitmq://broker/vhost/unknown", null)]
    public void A_receive_address_finds_its_tier(string address, string? tier)
    {
        var catalog = new TierCatalog(Options.Create(new TierOptions()), EngineSizing.From(new Engine.Batching.MemoryCostModel(
            new Engine.Batching.MemoryCostOptions(), Engine.Batching.ShapeBuckets.Default, padBatch: true), new Engine.EngineOptions()));
        var endpoints = new WorkerEndpoints(CartoonizeBatchConsumerDefinition.ForTiers(catalog, new TierOptions(), new WorkerOptions()));

        Assert.Equal(tier, endpoints.ForAddress(new Uri(address))?.Plan.Name);
        Assert.True(endpoints.ConsumeTimeoutFor(new Uri(address)) > TimeSpan.Zero);
    }

    [Fact]
    public void Configured_retry_intervals_replace_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:RetryIntervals:0"] = "00:00:02",
        }).Build();
        var options = new WorkerOptions();
        WorkerServiceCollectionExtensions.BindWorkerOptions(configuration.GetSection(WorkerOptions.Section), options);
        Assert.Equal([TimeSpan.FromSeconds(2)], options.RetryIntervals);
    }
}

public class TierSendAddressTests
{
    [Theory]
    [InlineData("RabbitMq", "exchange:cartoonize-m")]
    [InlineData("InMemory", "queue:cartoonize-m")]
    public void Commands_go_to_the_tier_exchange_on_RabbitMQ_and_to_the_queue_in_memory(string transport, string expected)
    {
        var addresses = new TierSendAddresses(Options.Create(new MessagingOptions { Transport = Enum.Parse<MessagingTransport>(transport) }),
            Options.Create(new VideoOptions { QueueName = "run-7-video" }));
        var plan = new TierPlan("m", "cartoonize-m", 960, 960, 4, 1, 1);
        Assert.Equal(new Uri(expected), addresses.For(plan));
        // The video commands follow Video:QueueName, where the workers consume them (a fixed name would miss a renamed queue).
        Assert.Equal(new Uri(expected.Replace("cartoonize-m", "run-7-video")), addresses.Video);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task A_RabbitMQ_sender_without_worker_declares_the_tier_queues_and_reports_them(bool hostWorker, bool declares)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:Transport"] = "RabbitMq" }).Build();
        services.AddLogging();
        if (hostWorker)
            services.AddCartoonWorker(configuration);
        else
            services.AddCartoonBus(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(declares, provider.GetService<TierQueueDeclarer>() is not null);
        var checks = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToList();
        Assert.Equal(declares, checks.Contains("tier-queues"));
    }

    [Fact]
    public async Task Items_are_sent_to_their_tier_queues_in_one_batch_per_tier()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        services.AddLogging();
        services.AddCartoonBus(configuration);
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        try
        {
            var tiers = provider.GetRequiredService<TierCatalog>();
            var received = new System.Collections.Concurrent.ConcurrentQueue<(string Queue, CartoonizeItem Item)>();
            var handles = tiers.Plans.Select(p => bus.ConnectReceiveEndpoint(p.QueueName, e => e.Handler<CartoonizeItem>(ctx =>
            {
                received.Enqueue((p.QueueName, ctx.Message));
                return Task.CompletedTask;
            }))).ToList();
            await Task.WhenAll(handles.Select(h => h.Ready));

            var job = Guid.NewGuid();
            var items = new[]
            {
                ItemMappingTests.Item(job, 0) with { Tier = "s", WorkWidth = 400, WorkHeight = 300 },
                ItemMappingTests.Item(job, 1) with { Tier = "l", WorkWidth = 1280, WorkHeight = 720 },
                ItemMappingTests.Item(job, 2) with { Tier = "gone", WorkWidth = 900, WorkHeight = 700 }, // unknown: resolved by size
            };
            await bus.SendToTiersAsync(tiers, provider.GetRequiredService<TierSendAddresses>(), items);

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (received.Count < 3 && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            var byIndex = received.ToDictionary(r => r.Item.ItemIndex);
            Assert.Equal("cartoonize-s", byIndex[0].Queue);
            Assert.Equal("cartoonize-l", byIndex[1].Queue);
            Assert.Equal("cartoonize-m", byIndex[2].Queue);
            Assert.Equal("m", byIndex[2].Item.Tier);
            foreach (var h in handles)
                await h.StopAsync();
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
