using System.Numerics;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

/// <summary>
/// The memory budget holds for every group a tier can form: items of any work size the tier receives (either
/// orientation; the largest tier also everything beyond all boxes), any mix of them, padded batches counted. The peak is
/// computed here from the model's constants, not through the planner's own arithmetic.
/// </summary>
public class TierBudgetTests
{
    private const long GiB = 1024L * 1024 * 1024;
    private const int MaxHeadBatch = 16;
    private static readonly MemoryCostOptions Costs = new();
    private static readonly EngineOptions Engine = new() { MaxHeadBatch = MaxHeadBatch };

    public static TheoryData<long, bool> Budgets()
    {
        var data = new TheoryData<long, bool>();
        foreach (var budget in new[] { 2 * GiB, 4 * GiB, 8 * GiB, 14 * GiB, 22 * GiB, 40 * GiB, 78 * GiB })
        foreach (var pad in new[] { true, false })
            data.Add(budget, pad);
        return data;
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public void No_group_any_tier_can_form_exceeds_the_budget(long budget, bool padBatch)
    {
        var catalog = Catalog(budget, padBatch, maxGroupSize: 256);
        var random = new Random(1234);

        for (var t = 0; t < catalog.SizeTiers.Count; t++)
        {
            var plan = catalog.SizeTiers[t];
            var largest = t == catalog.SizeTiers.Count - 1;
            var receivable = Receivable(catalog, plan, largest, random).ToArray();
            Assert.NotEmpty(receivable);

            if (Peak([Costliest(receivable)], padBatch) > budget)
            {
                // Not even one item fits: the tier runs its items one at a time (the worker warns at start).
                Assert.Equal(1, plan.GroupLimit);
                continue;
            }
            // The full group of the costliest item, and 200 random groups of 1..limit items mixing sizes and orientations.
            var groups = new List<(int W, int H)[]> { Enumerable.Repeat(Costliest(receivable), plan.GroupLimit).ToArray() };
            for (var g = 0; g < 200; g++)
                groups.Add(Enumerable.Range(0, random.Next(1, plan.GroupLimit + 1)).Select(_ => receivable[random.Next(receivable.Length)]).ToArray());
            foreach (var group in groups)
            {
                var peak = Peak(group, padBatch);
                Assert.True(peak <= budget, $"tier {plan.Name} (limit {plan.GroupLimit}, padded {padBatch}): a group of {group.Length} " +
                                            $"[{string.Join(' ', group.Distinct().Select(s => $"{s.W}x{s.H}"))}] needs {peak / (double)GiB:F2} GiB > {budget / GiB} GiB");
            }
            Assert.Equal(Peak(groups[0], padBatch), plan.GroupBytes);
        }
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public void The_limit_is_the_largest_whose_padded_full_group_fits(long budget, bool padBatch)
    {
        foreach (var plan in Catalog(budget, padBatch, maxGroupSize: 256).SizeTiers.Where(p => p.GroupLimit < 64))
        {
            var available = budget - Costs.FixedBytes - HeadBytes();
            if (plan.BytesPerItem > available)
                continue; // runs alone
            Assert.True(Padded(plan.GroupLimit + 1, padBatch) * plan.BytesPerItem > available,
                $"tier {plan.Name}: {plan.GroupLimit + 1} items (fed as {Padded(plan.GroupLimit + 1, padBatch)}) would fit too");
        }
    }

    [Fact]
    public void A_limit_whose_padded_batch_would_not_fit_drops_to_the_largest_batch_that_does()
    {
        // The issue's case: room for 11 items of the costliest shape. Padded, 11 runs as 16 (over budget): 8 must be planned.
        var box = new SizeTier { Name = "l", MaxWidth = 1280, MaxHeight = 720 };
        var huge = new SizeTier { Name = "xl", MaxWidth = 4096, MaxHeight = 4096 };
        var perItem = Model(padBatch: true).BytesForItem(1280, 720);
        var budget = Costs.FixedBytes + HeadBytes() + 11 * perItem + perItem / 2;

        Assert.Equal(11, Catalog(budget, padBatch: false, maxGroupSize: 64, sizes: [box, huge]).SizeTiers[0].GroupLimit);
        var padded = Catalog(budget, padBatch: true, maxGroupSize: 64, sizes: [box, huge]).SizeTiers[0];
        Assert.Equal(8, padded.GroupLimit);
        Assert.True(padded.GroupBytes <= budget);
    }

    [Fact]
    public void A_non_square_box_is_budgeted_for_its_costlier_orientation_and_takes_both()
    {
        SizeTier[] landscapeOnly = [new() { Name = "wide", MaxWidth = 1000, MaxHeight = 600 }, new() { Name = "huge", MaxWidth = 4096, MaxHeight = 4096 }];
        SizeTier[] portraitOnly = [new() { Name = "wide", MaxWidth = 600, MaxHeight = 1000 }, new() { Name = "huge", MaxWidth = 4096, MaxHeight = 4096 }];
        var landscape = Catalog(14 * GiB, padBatch: true, maxGroupSize: 64, sizes: [.. landscapeOnly]);
        var portrait = Catalog(14 * GiB, padBatch: true, maxGroupSize: 64, sizes: [.. portraitOnly]);
        var model = Model(padBatch: true);

        Assert.Equal("wide", landscape.Resolve(600, 1000).Name); // the portrait of a landscape box routes to it
        var worse = Math.Max(model.BytesForItem(1000, 600), model.BytesForItem(600, 1000));
        Assert.Equal(worse, landscape.SizeTiers[0].BytesPerItem);
        Assert.Equal(landscape.SizeTiers[0] with { MaxWidth = 600, MaxHeight = 1000 }, portrait.SizeTiers[0]);
        var mixed = Enumerable.Range(0, landscape.SizeTiers[0].GroupLimit).Select(i => i % 2 == 0 ? (1000, 600) : (600, 1000)).ToArray();
        Assert.True(Peak(mixed, padBatch: true) <= 14 * GiB);
    }

    [Fact]
    public void A_square_box_beyond_the_short_side_cap_costs_its_largest_real_work_size()
    {
        // No work size has a short side above 720: the 1280² box's costliest item is 720×1280, not 1280².
        var plan = Catalog(14 * GiB, padBatch: true, maxGroupSize: 64).SizeTiers.Single(p => p.Name == "l");
        Assert.Equal(Model(padBatch: true).BytesForItem(1280, 720), plan.BytesPerItem);
    }

    [Fact]
    public void The_largest_tier_is_budgeted_for_items_beyond_every_box()
    {
        var defaults = Catalog(14 * GiB, padBatch: true, maxGroupSize: 64);
        var xl = defaults.SizeTiers[^1];
        Assert.Equal("xl", defaults.Resolve(16384, 600).Name);
        Assert.Equal(Model(padBatch: true).BytesForItem(new EngineOptions().MaxInputSide, 720), xl.BytesPerItem);
        Assert.Equal(1, xl.GroupLimit);

        // With a smaller input limit, fewer bytes per item, so more of them.
        var capped = new TierCatalog(Options.Create(new TierOptions { MemoryBudgetBytes = 14 * GiB, MaxGroupSize = 64 }),
            EngineSizing.From(Model(padBatch: true), new EngineOptions { MaxHeadBatch = MaxHeadBatch, MaxInputSide = 4096 }));
        Assert.True(capped.SizeTiers[^1].GroupLimit > 1);
    }

    [Fact]
    public void The_default_gpu_plan_on_a_t4_budget()
    {
        // 14 GiB: s, m and l capped at 16 (l's costliest item is 720×1280, whose padded 16 fits), xl alone.
        var plans = new TierCatalog(Options.Create(new TierOptions()), EngineSizing.From(Model(padBatch: true), Engine)).SizeTiers;
        Assert.Equal([16, 16, 16, 1], plans.Select(p => p.GroupLimit));
        Assert.All(plans, p => Assert.True(p.GroupBytes <= 14 * GiB));
    }

    /// <summary>Work sizes the tier receives: its box's corners both ways round, random sizes inside it (short side ≤ 720),
    /// and for the largest tier sizes beyond every box up to the input limit. Each checked against the router.</summary>
    private static IEnumerable<(int W, int H)> Receivable(TierCatalog catalog, TierPlan plan, bool largest, Random random)
    {
        var candidates = new List<(int W, int H)>();
        var (shortSide, longSide) = (Math.Min(Math.Min(plan.MaxWidth, plan.MaxHeight), WorkSize.MaxShortSide), Math.Max(plan.MaxWidth, plan.MaxHeight));
        candidates.Add((longSide, shortSide));
        candidates.Add((shortSide, longSide));
        for (var i = 0; i < 60; i++)
        {
            var s = random.Next(1, shortSide + 1);
            var l = random.Next(s, longSide + 1);
            candidates.Add(random.Next(2) == 0 ? (l, s) : (s, l));
        }
        if (largest)
        {
            var maxSide = Engine.MaxInputSide;
            candidates.Add((maxSide, WorkSize.MaxShortSide));
            candidates.Add((WorkSize.MaxShortSide, maxSide));
            for (var i = 0; i < 20; i++)
                candidates.Add((random.Next(longSide, maxSide + 1), random.Next(1, WorkSize.MaxShortSide + 1)));
        }
        return candidates.Where(c => catalog.Resolve(c.W, c.H) == plan);
    }

    private static (int W, int H) Costliest(IEnumerable<(int W, int H)> sizes) =>
        sizes.MaxBy(s => Bucketed(s).Item1 * (long)Bucketed(s).Item2);

    /// <summary>One bg pass per bucket shape (the largest counts: one session runs them in turn), padded batch, plus the
    /// fixed part and the largest head pass.</summary>
    private static long Peak(IEnumerable<(int W, int H)> group, bool padBatch)
    {
        var bg = group.GroupBy(Bucketed).Max(pass =>
            Padded(pass.Count(), padBatch) * (long)Math.Ceiling((double)pass.Key.Item1 * pass.Key.Item2 * Costs.BytesPerPixel * Costs.SafetyFactor));
        return Costs.FixedBytes + bg + HeadBytes();
    }

    private static (int, int) Bucketed((int W, int H) size) =>
        ShapeBuckets.Default.BucketFor((size.H + 15) / 16 * 16, (size.W + 15) / 16 * 16);

    private static long Padded(int n, bool padBatch) => padBatch && n <= 64 ? BitOperations.RoundUpToPowerOf2((uint)n) : n;

    private static long HeadBytes() => (long)Math.Ceiling((double)MaxHeadBatch * 288 * 288 * Costs.BytesPerPixel * Costs.SafetyFactor);

    private static MemoryCostModel Model(bool padBatch) => new(new MemoryCostOptions(), ShapeBuckets.Default, padBatch);

    private static TierCatalog Catalog(long budget, bool padBatch, int maxGroupSize, List<SizeTier>? sizes = null)
    {
        var options = new TierOptions { MemoryBudgetBytes = budget, MaxGroupSize = maxGroupSize };
        if (sizes is not null)
            options.Sizes = sizes;
        return new TierCatalog(Options.Create(options), EngineSizing.From(Model(padBatch), Engine));
    }
}
