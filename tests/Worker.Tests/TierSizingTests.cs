using Cartoon.Worker.Tiers;
using Cartoon.Engine.Batching;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

public class TierSizingTests
{
    private const long MiB = 1024L * 1024;
    private const long GiB = 1024 * MiB;
    private const int MaxHeadBatch = 16;

    // A GPU worker's model: batches padded to their bucket (Engine:PadBatchToBucket's CUDA default).
    private static readonly MemoryCostModel CostModel = new(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: true);
    private static readonly EngineSizing Engine = new(CostModel, MaxHeadBatch, new Cartoon.Engine.EngineOptions().MaxInputSide);

    // Unpadded, a group's bytes are linear in its size: what "in proportion to the budget" can be checked against exactly.
    private static readonly EngineSizing Unpadded = Engine with { CostModel = new MemoryCostModel(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: false) };

    /// <summary>What NVML reports as the total of common cards (MiB): an 8 GB consumer card, a T4, an L4, an H100 80GB and an H200.</summary>
    public static TheoryData<string, long> Cards => new()
    {
        { "8 GB", 8188 },
        { "16 GB T4", 15360 },
        { "24 GB L4", 23034 },
        { "80 GB H100", 81559 },
        { "141 GB H200", 143771 },
    };

    private static TierSizing OnCard(long totalMiB, TierOptions? options = null) =>
        TierSizingResolver.Resolve(options ?? new TierOptions(), "cuda:0", 0, new GivenHardware(gpuBytes: totalMiB * MiB));

    private static TierCatalog Catalog(TierSizing sizing, int? maxGroupSize = null, EngineSizing? engine = null) =>
        new(Options.Create(new TierOptions { MaxGroupSize = maxGroupSize }), engine ?? Engine, sizing);

    [Theory]
    [MemberData(nameof(Cards))]
    public void A_card_budget_is_its_total_less_head_room_of_at_least_1_GiB_and_5_percent(string card, long totalMiB)
    {
        var sizing = OnCard(totalMiB);

        Assert.Equal(BudgetSource.Nvml, sizing.Source);
        Assert.Equal(totalMiB * MiB, sizing.DeviceMemoryBytes);
        var headRoom = totalMiB * MiB - sizing.BudgetBytes;
        Assert.True(headRoom >= GiB, $"{card}: head-room {headRoom / MiB} MiB");
        Assert.True(headRoom >= totalMiB * MiB / 20, $"{card}: head-room {headRoom / MiB} MiB is under 5 %");
        // ...and no more than needed: the budget stays proportionate to the card (at least 85 % of it on every card here).
        Assert.True(sizing.BudgetBytes >= totalMiB * MiB * 85 / 100, $"{card}: budget {sizing.BudgetBytes / MiB} MiB");
        Assert.Equal(TierOptions.GpuMaxGroupSize, sizing.DefaultGroupCap);
    }

    [Fact]
    public void A_16_GB_T4_keeps_the_former_fixed_default_of_14_GiB()
    {
        Assert.Equal(14 * GiB, OnCard(15360).BudgetBytes);
        Assert.Equal(TierOptions.FallbackMemoryBudgetBytes, OnCard(15360).BudgetBytes);
    }

    [Fact]
    public void Larger_cards_get_monotonically_larger_groups_in_proportion_to_their_budget()
    {
        var cards = Cards.Select(row => (long)row[1]).ToArray();
        // Uncapped, the memory alone decides: every tier's limit grows with the card (the cost model's own cap of 64 aside).
        var uncapped = cards.Select(total => Catalog(OnCard(total), maxGroupSize: 256, Unpadded).Plans).ToArray();
        for (var c = 1; c < cards.Length; c++)
        {
            foreach (var (smaller, larger) in uncapped[c - 1].Zip(uncapped[c]))
            {
                Assert.True(larger.GroupLimit >= smaller.GroupLimit, $"tier {larger.Name}: {larger.GroupLimit} on {cards[c]} MiB < {smaller.GroupLimit} on {cards[c - 1]} MiB");
                if (smaller.GroupLimit < CostModel.Options.MaxGroupSize && smaller.GroupBytes + smaller.BytesPerItem <= OnCard(cards[c]).BudgetBytes)
                    Assert.True(larger.GroupLimit > smaller.GroupLimit, $"tier {larger.Name}: room for more on {cards[c]} MiB but still {larger.GroupLimit}");
            }
        }

        // Proportionate: the room a card leaves for items, over one item's bytes, is the group (to within one item).
        foreach (var (total, plans) in cards.Zip(uncapped))
        {
            var budget = OnCard(total).BudgetBytes;
            foreach (var plan in plans.Where(p => p.GroupLimit is > 1 and < 64))
            {
                var room = budget - Unpadded.CostModel.Options.FixedBytes - Unpadded.CostModel.HeadPassBytes(MaxHeadBatch);
                Assert.Equal(room / plan.BytesPerItem, plan.GroupLimit);
            }
        }

        // With the default GPU cap (16) and padded batches: no tier shrinks on a larger card, the largest tier keeps
        // growing past the cap of the others (one item on 8-16 GB, several on 80 GB, more on 141 GB), and tier l is
        // smaller on an 8 GB card than on a T4.
        var padded = cards.Select(total => Catalog(OnCard(total)).Plans).ToArray();
        for (var c = 1; c < cards.Length; c++)
            foreach (var (smaller, larger) in padded[c - 1].Zip(padded[c]))
                Assert.True(larger.GroupLimit >= smaller.GroupLimit, $"tier {larger.Name}: {larger.GroupLimit} on {cards[c]} MiB < {smaller.GroupLimit} on {cards[c - 1]} MiB");
        var xl = padded.Select(plans => plans[^1].GroupLimit).ToArray();
        Assert.Equal([1, 1], xl[..2]);
        Assert.True(xl[3] > 1 && xl[4] > xl[3], $"xl limits {string.Join(", ", xl)}");
        var l = padded.Select(plans => plans.Single(p => p.Name == "l").GroupLimit).ToArray();
        Assert.True(l[0] < l[1], $"l limits {string.Join(", ", l)}");
    }

    [Fact]
    public void A_configured_budget_wins_over_the_card()
    {
        var sizing = OnCard(81559, new TierOptions { MemoryBudgetBytes = 6 * GiB });

        Assert.Equal(6 * GiB, sizing.BudgetBytes);
        Assert.Equal(BudgetSource.Configured, sizing.Source);
        Assert.Equal(81559 * MiB, sizing.DeviceMemoryBytes); // still read, for the gauge and the over-budget warning
        Assert.Equal(6 * GiB, Catalog(sizing).Sizing.BudgetBytes);
    }

    [Fact]
    public void A_configured_budget_wins_on_the_CPU_too()
    {
        var sizing = TierSizingResolver.Resolve(new TierOptions { MemoryBudgetBytes = 3 * GiB }, "cpu", 0, new GivenHardware(hostBytes: 64 * GiB, cores: 16));

        Assert.Equal(3 * GiB, sizing.BudgetBytes);
        Assert.Equal(BudgetSource.Configured, sizing.Source);
        Assert.Equal(8, sizing.DefaultGroupCap);
    }

    [Fact]
    public void Without_NVML_a_GPU_worker_falls_back_to_14_GiB_and_says_why()
    {
        var sizing = TierSizingResolver.Resolve(new TierOptions(), "cuda:0", 0, new GivenHardware(gpuBytes: null, whyNoGpu: "nvmlInit_v2 returned 9"));

        Assert.Equal(BudgetSource.Fallback, sizing.Source);
        Assert.Equal(TierOptions.FallbackMemoryBudgetBytes, sizing.BudgetBytes);
        Assert.Null(sizing.DeviceMemoryBytes);
        Assert.Contains("nvmlInit_v2 returned 9", sizing.Detail, StringComparison.Ordinal);
        Assert.Equal(TierOptions.GpuMaxGroupSize, sizing.DefaultGroupCap);
    }

    [Fact]
    public void Where_no_engine_runs_nothing_is_read()
    {
        var hardware = new GivenHardware(gpuBytes: 81559 * MiB);

        var sizing = TierSizingResolver.Resolve(new TierOptions(), engineDevice: null, 0, hardware);

        Assert.Equal(0, hardware.GpuReads);
        Assert.Equal(BudgetSource.Fallback, sizing.Source);
        Assert.Equal(TierOptions.FallbackMemoryBudgetBytes, sizing.BudgetBytes);
    }

    [Theory]
    [InlineData(1, 4, 1, 3)]     // one core: no group; 4 GiB less its 1 GiB floor
    [InlineData(2, 24, 2, 18)]   // the 2-core sweep machine: groups of 2, as measured
    [InlineData(4, 8, 4, 6)]
    [InlineData(16, 64, 8, 48)]  // the cap stops at the largest group the sweep measured
    [InlineData(64, 512, 8, 384)]
    public void A_CPU_worker_sizes_from_its_cores_and_memory(int cores, long memoryGiB, int cap, long budgetGiB)
    {
        var sizing = TierSizingResolver.Resolve(new TierOptions(), "cpu", 0, new GivenHardware(hostBytes: memoryGiB * GiB, cores: cores));

        Assert.Equal(BudgetSource.Host, sizing.Source);
        Assert.Equal(cap, sizing.DefaultGroupCap);
        Assert.Equal(budgetGiB * GiB, sizing.BudgetBytes);
        Assert.Equal(memoryGiB * GiB, sizing.DeviceMemoryBytes);
    }

    [Fact]
    public void A_CPU_worker_never_reads_the_GPU()
    {
        var hardware = new GivenHardware(gpuBytes: 81559 * MiB);
        TierSizingResolver.Resolve(new TierOptions(), "cpu", 0, hardware);
        Assert.Equal(0, hardware.GpuReads);
    }

    [Fact]
    public void A_tiny_machine_still_gets_the_smallest_valid_budget()
    {
        var cpu = TierSizingResolver.Resolve(new TierOptions(), "cpu", 0, new GivenHardware(hostBytes: 512 * MiB, cores: 1));
        Assert.Equal(TierSizingRules.MinimumBudgetBytes, cpu.BudgetBytes);
        Assert.Equal(TierSizingRules.MinimumBudgetBytes, OnCard(1024).BudgetBytes);
    }

    [Fact]
    public void The_detected_cap_applies_unless_Tiers_MaxGroupSize_is_set()
    {
        var cpu16 = TierSizingResolver.Resolve(new TierOptions(), "cpu", 0, new GivenHardware(hostBytes: 64 * GiB, cores: 16));

        Assert.Equal(8, Catalog(cpu16).GroupSizeCap);
        Assert.Equal(8, Catalog(cpu16).Plans[0].GroupLimit);
        Assert.Equal(3, Catalog(cpu16, maxGroupSize: 3).Plans[0].GroupLimit);
    }

    [Theory]
    [InlineData("", null)]                 // docker-compose's ${CARTOON_MEMORY_BUDGET_BYTES:-}: unset, detect
    [InlineData("8589934592", 8589934592)]
    public void An_empty_setting_leaves_the_budget_to_detection(string value, long? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Tiers:MemoryBudgetBytes"] = value }).Build();
        var options = new TierOptions();

        TierServiceCollectionExtensions.BindTierOptions(configuration.GetSection(TierOptions.Section), options);

        Assert.Equal(expected, options.MemoryBudgetBytes);
    }
}
