using Cartoon.Worker;
using System.Collections.Concurrent;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Messaging;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Worker.Tests;

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
            ["Engine:WarmUpShapes:0"] = "256x256",
            ["Tiers:MaxGroupSize"] = "4",
            ["Tiers:TimeLimit"] = "00:00:00.500",
        });
        if (Environment.GetEnvironmentVariable("CARTOON_TEST_ENGINE_DEVICE") is { Length: > 0 } device)
            builder.Configuration["Engine:Device"] = device; // e.g. Cuda on a GPU machine (default Auto)
        builder.Services.AddSingleton<Outcomes>();
        builder.Services.AddCartoonEngine(builder.Configuration);
        builder.Services.AddCartoonStorage(builder.Configuration);
        builder.Services.AddCartoonWorker(builder.Configuration, bus => bus.AddConsumer<OutcomeSink>());
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

            // Every item reached the engine (the corrupt one fails in its decode): each went through fetching, decoding,
            // inferring and encoding, the succeeded ones through storing too, one message per stage per group, the stages
            // stamped in stage order and before the item's outcome.
            var succeeded = completed.Select(c => c.ItemIndex).ToHashSet();
            int StagesOf(int i) => outcomes.Staged.Count(s => s.Items.Contains(new ItemRef(job, i)));
            // Published before the outcomes; consumed concurrently with them, so the last may land a moment later.
            deadline = DateTime.UtcNow.AddSeconds(10);
            while (Enumerable.Range(0, 6).Any(i => StagesOf(i) < (succeeded.Contains(i) ? 5 : 4)) && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            var staged = outcomes.Staged.ToList();
            Assert.All(staged, s => Assert.InRange(s.BatchSize, s.Items.Count, limit));
            Assert.All(staged, s => Assert.Equal(s.Items.Count, s.Items.Distinct().Count()));
            foreach (var i in Enumerable.Range(0, 6))
            {
                var reached = staged.Where(s => s.Items.Contains(new ItemRef(job, i))).ToList();
                var expected = succeeded.Contains(i) ? ItemStages.Running : ItemStages.Running.Take(4).ToList();
                Assert.Equal(expected, reached.Select(s => s.Stage).OrderBy(ItemStages.Ordinal));
                var times = reached.OrderBy(s => ItemStages.Ordinal(s.Stage)).Select(s => s.At).ToList();
                Assert.Equal(times.Order(), times);
                Assert.True(times[^1] <= byIndex[i].CompletedAt, $"item {i} entered a stage after its outcome");
            }
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

        public ConcurrentQueue<ItemsStaged> Staged { get; } = new();

        public void Outcome(IItemOutcome outcome) => Items.Enqueue(outcome);
    }

    public sealed class OutcomeSink(Outcomes outcomes, IBlobStore store) : IConsumer<ItemCompleted>, IConsumer<ItemFailed>, IConsumer<ItemsStaged>
    {
        public Task Consume(ConsumeContext<ItemsStaged> context)
        {
            outcomes.Staged.Enqueue(context.Message);
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
