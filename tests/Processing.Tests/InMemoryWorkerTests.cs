using System.Collections.Concurrent;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Processing.Messaging;
using Cartoon.Processing.Tiers;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Processing.Tests;

/// <summary>
/// The worker as the embedded gateway hosts it: in-memory bus, file-system store, the real engine (CUDA when present,
/// else CPU; CARTOON_TEST_ENGINE_DEVICE forces one). Six items of one tier, one of them corrupt, sent together.
/// </summary>
public sealed class InMemoryWorkerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"cartoon-worker-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Items_sent_together_run_in_groups_the_corrupt_one_fails_alone_and_results_are_stored_before_the_events()
    {
        Directory.CreateDirectory(_root);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "FileSystem",
            ["Storage:Root"] = _root,
            ["Storage:SweepInterval"] = "00:00:00",
            ["Engine:WarmUpShapes:0"] = "256x256",
            ["Tiers:MaxGroupSize"] = "4",
            ["Tiers:TimeLimit"] = "00:00:00.500",
        });
        if (Environment.GetEnvironmentVariable("CARTOON_TEST_ENGINE_DEVICE") is { Length: > 0 } device)
            builder.Configuration["Engine:Device"] = device; // e.g. Cuda on a GPU machine (default Auto)
        builder.Services.AddSingleton<Outcomes>();
        builder.Services.AddCartoonEngine(builder.Configuration);
        builder.Services.AddCartoonStorage(builder.Configuration);
        builder.Services.AddCartoonBus(builder.Configuration, hostWorker: true, bus => bus.AddConsumer<OutcomeSink>());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IBlobStore>();
            var tiers = host.Services.GetRequiredService<TierCatalog>();
            var png = Portrait(256, 256);
            var job = Guid.NewGuid();
            var items = new List<CartoonizeItem>();
            for (var i = 0; i < 6; i++)
            {
                var input = i == 2 ? png.Take(png.Length / 3).ToArray() : png; // truncated pixel data
                await store.PutAsync(JobObjectKeys.Input(job, i), input, "image/png");
                items.Add(ItemMappingTests.Item(job, i) with
                {
                    InputKey = JobObjectKeys.Input(job, i),
                    ResultKey = JobObjectKeys.Result(job, i, "png"),
                    MaxSide = null,
                    Style = Styles.Default,
                    WorkWidth = 256,
                    WorkHeight = 256,
                    Tier = tiers.Resolve(256, 256).Name,
                    SubmittedAt = DateTimeOffset.UtcNow,
                });
            }

            var bus = host.Services.GetRequiredService<IBus>();
            await bus.SendToTiersAsync(tiers, host.Services.GetRequiredService<TierSendAddresses>(), items);

            var outcomes = host.Services.GetRequiredService<Outcomes>();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (outcomes.Items.Count(o => o.JobId == job) < 6 && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            var byIndex = outcomes.Items.Where(o => o.JobId == job).ToDictionary(o => o.ItemIndex);
            Assert.Equal(6, byIndex.Count);

            var failed = Assert.IsType<ItemFailed>(byIndex[2]);
            Assert.Equal(FailureReasons.InvalidImage, failed.Reason);
            var completed = byIndex.Values.OfType<ItemCompleted>().ToList();
            Assert.Equal(5, completed.Count);

            var limit = tiers.Find(items[0].Tier)!.GroupLimit;
            Assert.Equal(4, limit);
            Assert.All(byIndex.Values, o => Assert.InRange(o.BatchSize, 1, limit));
            Assert.Contains(byIndex.Values, o => o.BatchSize > 1);
            Assert.All(byIndex.Values, o => Assert.Equal(host.Services.GetRequiredService<ICartoonEngine>().Device, o.Device));
            foreach (var c in completed)
                Assert.True(outcomes.StoredWhenAnnounced[c.ItemIndex], $"item {c.ItemIndex} was announced before its result was stored");

            // Every item reached the engine (the corrupt one fails in its decode), so each was announced as started,
            // before its outcome was published.
            var started = outcomes.Started.Where(s => s.JobId == job).ToList();
            Assert.Equal(Enumerable.Range(0, 6), started.SelectMany(s => s.ItemIndexes).Order());
            Assert.All(started, s => Assert.InRange(s.BatchSize, s.ItemIndexes.Count, limit));
            Assert.All(Enumerable.Range(0, 6), i => Assert.True(outcomes.StartedBeforeOutcome.GetValueOrDefault(i),
                $"item {i} had an outcome before (or without) its ItemsStarted"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static byte[] Portrait(int width, int height)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "samples", "astronaut_eileen_collins_nasa.png");
            if (!File.Exists(path))
                continue;
            using var image = Image.Load(File.ReadAllBytes(path));
            image.Mutate(x => x.Resize(width, height));
            using var output = new MemoryStream();
            image.SaveAsPng(output);
            return output.ToArray();
        }
        throw new FileNotFoundException("shared/samples/astronaut_eileen_collins_nasa.png");
    }

    public sealed class Outcomes
    {
        public ConcurrentQueue<IItemOutcome> Items { get; } = new();

        public ConcurrentDictionary<int, bool> StoredWhenAnnounced { get; } = new();

        public ConcurrentQueue<ItemsStarted> Started { get; } = new();

        /// <summary>Per item: whether ItemsStarted had been received when its outcome arrived.</summary>
        public ConcurrentDictionary<int, bool> StartedBeforeOutcome { get; } = new();

        public void Outcome(IItemOutcome outcome)
        {
            StartedBeforeOutcome[outcome.ItemIndex] = Started.Any(s => s.JobId == outcome.JobId && s.ItemIndexes.Contains(outcome.ItemIndex));
            Items.Enqueue(outcome);
        }
    }

    public sealed class OutcomeSink(Outcomes outcomes, IBlobStore store) : IConsumer<ItemCompleted>, IConsumer<ItemFailed>, IConsumer<ItemsStarted>
    {
        public Task Consume(ConsumeContext<ItemsStarted> context)
        {
            outcomes.Started.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public async Task Consume(ConsumeContext<ItemCompleted> context)
        {
            outcomes.StoredWhenAnnounced[context.Message.ItemIndex] = await store.ExistsAsync(context.Message.ResultKey);
            outcomes.Outcome(context.Message);
        }

        public Task Consume(ConsumeContext<ItemFailed> context)
        {
            outcomes.Outcome(context.Message);
            return Task.CompletedTask;
        }
    }
}
