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
}
