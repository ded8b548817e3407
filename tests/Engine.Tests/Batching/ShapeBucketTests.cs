using Cartoon.Engine.Batching;

namespace Cartoon.Engine.Tests.Batching;

public sealed class ShapeBucketTests
{
    [Theory]
    [InlineData(16, 256)]
    [InlineData(256, 256)]
    [InlineData(272, 384)]
    [InlineData(720, 720)]
    [InlineData(736, 960)]
    [InlineData(1920, 1920)]
    [InlineData(1936, 2048)]
    public void Sides_round_up_to_the_next_bucket(int side, int bucket) =>
        Assert.Equal(bucket, ShapeBuckets.Default.BucketSide(side));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(5, 8)]
    [InlineData(64, 64)]
    [InlineData(65, 65)]
    public void Batches_round_up_to_a_power_of_two_bucket(int n, int bucket) =>
        Assert.Equal(bucket, ShapeBuckets.Default.BucketBatch(n));

    [Fact]
    public void Sides_must_be_multiples_of_16() =>
        Assert.Throws<ArgumentException>(() => new ShapeBuckets([250], [1]));

    [Theory]
    [InlineData(1024, 1024, 720, 720)]
    [InlineData(4000, 3000, 960, 720)]
    [InlineData(512, 300, 512, 300)]
    [InlineData(300, 2000, 300, 2000)]
    public void Work_size_caps_the_short_side_at_720(int w, int h, int ew, int eh) =>
        Assert.Equal((ew, eh), WorkSize.For(w, h));

    [Fact]
    public void Pass_batches_are_the_buckets_up_to_the_limit_padded_and_every_size_unpadded()
    {
        Assert.Equal([1, 2, 4, 8, 16], ShapeBuckets.Default.PassBatches(11, padBatch: true));
        Assert.Equal([1, 2, 4, 8], ShapeBuckets.Default.PassBatches(8, padBatch: true));
        Assert.Equal(Enumerable.Range(1, 11), ShapeBuckets.Default.PassBatches(11, padBatch: false));
    }

    [Fact]
    public void The_shapes_within_a_box_are_exactly_the_bucket_shapes_of_its_work_sizes()
    {
        // Brute force over every work size the box takes (either orientation, short side at most 720).
        var buckets = ShapeBuckets.Default;
        var bucketed = new BackgroundShapes(buckets, toBucket: true);
        foreach (var (bw, bh) in new[] { (512, 512), (960, 960), (1280, 720), (600, 1000), (1280, 1280) })
        {
            var expected = new HashSet<(int, int)>();
            int shortSide = Math.Min(Math.Min(bw, bh), 720), longSide = Math.Max(bw, bh);
            for (var a = 1; a <= longSide; a += 7)
            for (var b = 1; b <= Math.Min(a, shortSide); b += 7)
            {
                expected.Add(bucketed.For(a, b));
                expected.Add(bucketed.For(b, a));
            }
            // the box's own corners (the stride may step over them)
            expected.Add(bucketed.For(longSide, shortSide));
            expected.Add(bucketed.For(shortSide, longSide));

            Assert.Equal(expected.Order(), buckets.InputShapesWithin(bw, bh).Order());
        }
    }

    [Fact]
    public void A_tier_box_feeds_each_of_its_shapes_at_each_pass_batch()
    {
        var shapes = ShapeBuckets.Default.BackgroundPassShapes(512, 512, groupLimit: 11, padBatch: true);

        // 256/384/512 for each side, batches 1, 2, 4, 8, 16
        Assert.Equal(9 * 5, shapes.Count);
        Assert.Contains(new NetShape(16, 384, 512), shapes);
        Assert.DoesNotContain(shapes, s => s.Batch == 11 || s.Height > 512 || s.Width > 512);
        // no 960×960: a work size never has both sides above 720
        Assert.DoesNotContain(ShapeBuckets.Default.BackgroundPassShapes(960, 960, 1, true), s => s is { Height: 960, Width: 960 });
    }
}
