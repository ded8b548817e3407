using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>A photo's cartoon must not depend on which other photos share its group (issue 13, target 2).</summary>
[Collection(EngineCollection.Name)]
public sealed class GroupIndependenceTests(EngineFixture fixture)
{
    private static readonly CartoonParameters Anime = new() { Style = "anime" };

    /// <summary>The 512² astronaut among four photos of other sizes: 1024² (work 720²), 640×800, 1024×512 with two faces, 600².</summary>
    private static List<CartoonRequest> MixedGroup() =>
    [
        new(TestImages.SampleBytes(TestPaths.Astronaut), Anime, "astronaut-512"),
        new(TestImages.SampleBytes(TestPaths.Portrait), Anime, "portrait-1024"),
        new(TestImages.Crop(TestPaths.Portrait, new Rectangle(192, 0, 640, 800)), Anime, "portrait-640x800"),
        new(TwoFaces(), Anime, "two-faces-1024x512"),
        new(TestImages.Crop(TestPaths.Astronaut, new Rectangle(0, 0, 512, 512), new Size(600, 600)), Anime, "astronaut-600"),
    ];

    [Fact]
    public async Task In_a_group_of_mixed_sizes_every_photo_comes_out_as_it_does_alone_with_one_bg_pass_per_shape()
    {
        var requests = MixedGroup();

        var group = await fixture.Engine.CartoonizeAsync(requests);

        Assert.All(group.Items, r => Assert.True(r.Succeeded, r.FailureMessage));
        Assert.Equal(requests.Count, group.Stats.BackgroundPasses); // five different shapes, padded by none but their own
        Assert.Equal(1, group.Stats.HeadPasses);
        Assert.Equal(6, group.Stats.Faces);
        for (var i = 0; i < requests.Count; i++)
        {
            var alone = (await fixture.Engine.CartoonizeAsync([requests[i]])).Items[0];
            var ssim = Ssim.Of(group.Items[i].Output!, alone.Output!);
            Assert.True(ssim >= 0.995, $"{requests[i].Id}: SSIM {ssim:F4} batched vs alone");
        }
    }

    [Fact]
    public async Task Photos_of_one_shape_share_one_bg_pass_and_one_head_pass()
    {
        var requests = new[] { new Rectangle(0, 0, 480, 480), new Rectangle(32, 0, 480, 480), new Rectangle(16, 16, 480, 480) }
            .Select((crop, i) => new CartoonRequest(TestImages.Crop(TestPaths.Astronaut, crop), Anime, $"crop-{i}"))
            .ToList();

        var group = await fixture.Engine.CartoonizeAsync(requests);

        Assert.All(group.Items, r => Assert.True(r.Succeeded, r.FailureMessage));
        Assert.Equal(1, group.Stats.BackgroundPasses);
        Assert.Equal(1, group.Stats.HeadPasses);
        Assert.Equal(3, group.Stats.Faces);
    }

    [Fact]
    public async Task With_bucket_shapes_and_padded_batches_a_photo_still_comes_out_as_it_does_alone()
    {
        using var engine = BucketEngine();
        var requests = MixedGroup();

        var group = await engine.CartoonizeAsync(requests);

        Assert.All(group.Items, r => Assert.True(r.Succeeded, r.FailureMessage));
        // Buckets: 512×512, 720×720, 960×640 (H×W), 512×1280, 640×640: five passes; none padded to a neighbour's size.
        Assert.Equal(5, group.Stats.BackgroundPasses);
        for (var i = 0; i < requests.Count; i++)
        {
            var alone = (await engine.CartoonizeAsync([requests[i]])).Items[0];
            var ssim = Ssim.Of(group.Items[i].Output!, alone.Output!);
            Assert.True(ssim >= 0.995, $"{requests[i].Id}: SSIM {ssim:F4} batched vs alone");
        }
    }

    [Fact]
    public async Task Items_in_one_bucket_share_a_pass_padded_to_the_bucket_and_match_their_runs_alone()
    {
        using var engine = BucketEngine();
        // 480², 496×464 and 512² all pad up to the 512 bucket: one pass of a batch padded from 3 to 4.
        List<CartoonRequest> requests =
        [
            new(TestImages.Crop(TestPaths.Astronaut, new Rectangle(0, 0, 480, 480)), Anime, "480"),
            new(TestImages.Crop(TestPaths.Astronaut, new Rectangle(8, 0, 496, 464)), Anime, "496x464"),
            new(TestImages.SampleBytes(TestPaths.Astronaut), Anime, "512"),
        ];

        var group = await engine.CartoonizeAsync(requests);

        Assert.Equal(1, group.Stats.BackgroundPasses);
        for (var i = 0; i < requests.Count; i++)
        {
            var alone = (await engine.CartoonizeAsync([requests[i]])).Items[0];
            using var a = TestImages.Decode(group.Items[i].Output!);
            using var b = TestImages.Decode(alone.Output!);
            Assert.True(TestImages.Diff(a, b).Max <= 2, $"{requests[i].Id}: batched vs alone differ");
        }
    }

    /// <summary>The CUDA defaults, on the CPU: each item padded up to its own bucket side, batches padded to a bucket size.</summary>
    internal static CartoonEngine BucketEngine() => new CartoonEngine(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            BackgroundShape = BackgroundShape.Bucket,
            PadBatchToBucket = true,
            PassBatching = PassBatching.Group,
            WarmUp = false,
        }, NullLogger<CartoonEngine>.Instance);

    /// <summary>1024×512: the astronaut (512²) beside the portrait scaled to 512², two faces in one photo.</summary>
    private static byte[] TwoFaces()
    {
        using var canvas = new Image<Rgb24>(1024, 512);
        using var astronaut = TestImages.Load(TestPaths.Astronaut);
        using var portrait = TestImages.Load(TestPaths.Portrait);
        portrait.Mutate(c => c.Resize(512, 512));
        canvas.Mutate(c => c.DrawImage(astronaut, new Point(0, 0), 1f).DrawImage(portrait, new Point(512, 0), 1f));
        return TestImages.Png(canvas);
    }
}
