using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Tests.Pipeline;

[Collection(EngineCollection.Name)]
public sealed class PipelineTests(EngineFixture fixture)
{
    private static readonly CartoonParameters Anime = new() { Style = "anime" };

    [Theory]
    [InlineData(TestPaths.Portrait)]
    [InlineData(TestPaths.Astronaut)]
    public void Faces_are_found_on_the_samples_with_landmarks_inside_the_box(string sample)
    {
        var faces = fixture.Engine.DetectFaces(TestImages.SampleBytes(sample));

        var face = Assert.Single(faces);
        Assert.True(face.Score > 0.8f);
        for (var k = 0; k < 5; k++)
        {
            Assert.InRange(face.Landmarks[2 * k], face.X1, face.X2);
            Assert.InRange(face.Landmarks[2 * k + 1], face.Y1, face.Y2);
        }
        // eyes above the mouth corners, left eye left of right eye
        Assert.True(face.Landmarks[1] < face.Landmarks[7] && face.Landmarks[3] < face.Landmarks[9]);
        Assert.True(face.Landmarks[0] < face.Landmarks[2]);
    }

    [Fact]
    public async Task An_image_without_a_face_returns_the_background_result()
    {
        var gradient = TestImages.Gradient(400, 300);

        var result = Assert.Single((await fixture.Engine.CartoonizeAsync([new CartoonRequest(gradient, Anime)])).Items);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(0, result.Faces);
        using var output = TestImages.Decode(result.Output!);
        using var input = TestImages.Decode(gradient);
        Assert.Equal(input.Size(), output.Size());
        Assert.True(TestImages.Diff(input, output).Mean > 2, "the bg net must have changed the image");
    }

    [Theory]
    [InlineData(TestPaths.Portrait, 1024, 1024)]
    [InlineData(TestPaths.Astronaut, 512, 512)]
    public async Task Output_size_equals_input_size_by_default(string sample, int width, int height)
    {
        var result = (await fixture.Engine.CartoonizeAsync([new CartoonRequest(TestImages.SampleBytes(sample), Anime)])).Items[0];

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(1, result.Faces);
        using var output = TestImages.Decode(result.Output!);
        Assert.Equal((width, height), (output.Width, output.Height));
        Assert.Equal((width, height), (result.Width, result.Height));
    }

    [Fact]
    public async Task Every_style_differs_from_the_input_and_from_the_other_styles_with_one_bg_pass_per_style()
    {
        var input = TestImages.Crop(TestPaths.Astronaut, new Rectangle(96, 0, 320, 320));
        var requests = Styles.All.Select(s => new CartoonRequest(input, new CartoonParameters { Style = s }, s)).ToList();

        var group = await fixture.Engine.CartoonizeAsync(requests);

        Assert.All(group.Items, r => Assert.True(r.Succeeded, r.FailureMessage));
        Assert.Equal(Styles.All.Count, group.Stats.BackgroundPasses);
        Assert.Equal(Styles.All.Count, group.Stats.HeadPasses);
        using var original = TestImages.Decode(input);
        var outputs = group.Items.Select(r => TestImages.Decode(r.Output!)).ToList();
        try
        {
            foreach (var o in outputs)
                Assert.True(TestImages.Diff(original, o).Mean > 5);
            for (var i = 0; i < outputs.Count; i++)
            for (var j = i + 1; j < outputs.Count; j++)
                Assert.True(TestImages.Diff(outputs[i], outputs[j]).Mean > 3, $"{Styles.All[i]} vs {Styles.All[j]} look the same");
        }
        finally
        {
            outputs.ForEach(o => o.Dispose());
        }
    }

    [Fact]
    public async Task A_batched_group_equals_the_same_images_one_at_a_time()
    {
        byte[][] images =
        [
            TestImages.Crop(TestPaths.Portrait, new Rectangle(200, 0, 640, 560), new Size(480, 420)),
            TestImages.Crop(TestPaths.Astronaut, new Rectangle(60, 0, 400, 300)),
            TestImages.SampleBytes(TestPaths.Astronaut),
            TestImages.Crop(TestPaths.Portrait, new Rectangle(300, 0, 500, 700), new Size(330, 462)),
        ];
        var requests = images.Select((b, i) => new CartoonRequest(b, Anime, i.ToString())).ToList();

        var batched = await fixture.Engine.CartoonizeAsync(requests);
        Assert.Equal(images.Length, batched.Stats.BackgroundPasses); // four shapes: each item padded by its own size only
        Assert.Equal(1, batched.Stats.HeadPasses);
        Assert.True(batched.Stats.Faces >= 4);

        for (var i = 0; i < images.Length; i++)
        {
            var single = (await fixture.Engine.CartoonizeAsync([requests[i]])).Items[0];
            using var a = TestImages.Decode(batched.Items[i].Output!);
            using var b = TestImages.Decode(single.Output!);
            var (max, _) = TestImages.Diff(a, b);
            Assert.True(max <= 2, $"item {i}: batched vs single differ by {max} grey levels");
        }
    }

    [Fact]
    public async Task Groups_called_concurrently_each_get_their_own_results()
    {
        // On CPU the whole call holds the engine's gate: concurrent calls queue, results must not mix.
        Assert.False(fixture.Engine.OverlapStages);
        await AssertConcurrentGroupsKeepTheirResults(fixture.Engine);
    }

    [Fact]
    public async Task With_overlapping_stages_groups_called_concurrently_each_get_their_own_results()
    {
        // Decode and encode outside the gate (the CUDA default), overlapping other groups' passes: results must not mix.
        using var overlapping = new CartoonEngine(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            OverlapStages = true,
            WarmUp = false,
        }, NullLogger<CartoonEngine>.Instance);
        Assert.True(overlapping.OverlapStages);
        await AssertConcurrentGroupsKeepTheirResults(overlapping);
    }

    private static async Task AssertConcurrentGroupsKeepTheirResults(CartoonEngine engine)
    {
        byte[][][] groups =
        [
            [TestImages.Crop(TestPaths.Portrait, new Rectangle(200, 0, 640, 560), new Size(320, 280)), TestImages.Gradient(300, 200)],
            [TestImages.Crop(TestPaths.Astronaut, new Rectangle(60, 0, 400, 300), new Size(240, 180))],
            [TestImages.Gradient(256, 256), TestImages.Crop(TestPaths.Astronaut, new Rectangle(0, 0, 512, 512), new Size(256, 256)), TestImages.Gradient(200, 280)],
        ];
        var requests = groups.Select((g, k) => g.Select((b, i) => new CartoonRequest(b, Anime, $"{k}/{i}")).ToList()).ToList();

        var together = await Task.WhenAll(requests.Select(r => engine.CartoonizeAsync(r)));

        for (var k = 0; k < requests.Count; k++)
        {
            var alone = await engine.CartoonizeAsync(requests[k]);
            Assert.Equal(requests[k].Select(r => r.Id), together[k].Items.Select(r => r.Id));
            for (var i = 0; i < requests[k].Count; i++)
            {
                Assert.True(together[k].Items[i].Succeeded, together[k].Items[i].FailureMessage);
                using var a = TestImages.Decode(together[k].Items[i].Output!);
                using var b = TestImages.Decode(alone.Items[i].Output!);
                Assert.Equal(b.Size(), a.Size());
                var (max, _) = TestImages.Diff(a, b);
                Assert.True(max <= 2, $"group {k} item {i}: concurrent vs alone differ by {max} grey levels");
            }
        }
    }

    [Fact]
    public async Task Strength_zero_returns_the_original()
    {
        var input = TestImages.SampleBytes(TestPaths.Portrait);

        var result = (await fixture.Engine.CartoonizeAsync([new CartoonRequest(input, Anime with { Strength = 0f })])).Items[0];

        using var original = TestImages.Decode(input);
        using var output = TestImages.Decode(result.Output!);
        Assert.True(TestImages.Diff(original, output).Max <= 1);
    }

    [Fact]
    public async Task Half_strength_lies_between_the_original_and_the_cartoon()
    {
        var input = TestImages.SampleBytes(TestPaths.Astronaut);
        var group = await fixture.Engine.CartoonizeAsync(
            [new CartoonRequest(input, Anime), new CartoonRequest(input, Anime with { Strength = 0.5f })]);

        using var original = TestImages.Decode(input);
        using var full = TestImages.Decode(group.Items[0].Output!);
        using var half = TestImages.Decode(group.Items[1].Output!);
        var toFull = TestImages.Diff(original, full).Mean;
        var toHalf = TestImages.Diff(original, half).Mean;
        Assert.InRange(toHalf, toFull * 0.35, toFull * 0.65);
    }

    [Fact]
    public async Task An_exif_rotated_input_comes_out_upright()
    {
        var upright = TestImages.Crop(TestPaths.Astronaut, new Rectangle(60, 0, 400, 300));
        using var uprightImage = TestImages.Decode(upright);
        var rotated = TestImages.ExifRotatedJpeg(TestPaths.Astronaut);

        var group = await fixture.Engine.CartoonizeAsync(
        [
            new CartoonRequest(TestImages.Png(uprightImage), Anime),
            new CartoonRequest(rotated, Anime),
            new CartoonRequest(TestImages.SampleBytes(TestPaths.Astronaut), Anime),
        ]);

        Assert.All(group.Items, r => Assert.True(r.Succeeded, r.FailureMessage));
        using var fromRotated = TestImages.Decode(group.Items[1].Output!);
        using var fromUpright = TestImages.Decode(group.Items[2].Output!);
        Assert.Equal(fromUpright.Size(), fromRotated.Size());
        Assert.Equal(1, group.Items[1].Faces);
        // Same picture: close to the upright run (JPEG noise only), far from a sideways one.
        Assert.True(TestImages.Diff(fromUpright, fromRotated).Mean < 8);
        using var sideways = fromRotated.Clone(c => c.Rotate(RotateMode.Rotate90));
        Assert.True(TestImages.Diff(fromUpright, sideways).Mean > 20);
    }

    [Fact]
    public async Task A_corrupt_item_fails_alone_with_its_reason()
    {
        var good = TestImages.SampleBytes(TestPaths.Astronaut);
        var png = TestImages.SampleBytes(TestPaths.Portrait);

        var group = await fixture.Engine.CartoonizeAsync(
        [
            new CartoonRequest(good, Anime, "good-1"),
            new CartoonRequest(TestImages.Text, Anime, "text"),
            new CartoonRequest(TestImages.Truncated(png, 5000), Anime, "truncated"),
            new CartoonRequest(Array.Empty<byte>(), Anime, "empty"),
            new CartoonRequest(ImageSurgery.PngClaiming(60000, 60000), Anime, "huge"),
            new CartoonRequest(good, Anime with { Style = "watercolor" }, "bad-style"),
            new CartoonRequest(good, Anime with { Format = OutputFormat.Jpeg }, "good-2"),
        ]);

        var byId = group.Items.ToDictionary(r => r.Id!);
        Assert.True(byId["good-1"].Succeeded);
        Assert.True(byId["good-2"].Succeeded);
        Assert.Equal(FailureReasons.UnsupportedFormat, byId["text"].FailureReason);
        Assert.Equal(FailureReasons.InvalidImage, byId["truncated"].FailureReason);
        Assert.Equal(FailureReasons.Empty, byId["empty"].FailureReason);
        Assert.Equal(FailureReasons.TooLarge, byId["huge"].FailureReason);
        Assert.Equal(FailureReasons.InvalidOptions, byId["bad-style"].FailureReason);
        Assert.Equal(2, group.Stats.Succeeded);
        Assert.Equal(1, group.Stats.BackgroundPasses);
        Assert.Equal([0xFF, 0xD8], byId["good-2"].Output![..2]);
    }

    [Fact]
    public async Task Output_formats_and_max_side_are_honoured()
    {
        var input = TestImages.SampleBytes(TestPaths.Portrait);
        var group = await fixture.Engine.CartoonizeAsync(
        [
            new CartoonRequest(input, Anime with { Format = OutputFormat.Webp, MaxSide = 256 }),
            new CartoonRequest(input, Anime with { Format = OutputFormat.Jpeg, Quality = 70, MaxSide = 800 }),
            new CartoonRequest(input, Anime with { Format = OutputFormat.Png, MaxSide = 100_000 }),
        ]);

        Assert.Equal("RIFF"u8.ToArray(), group.Items[0].Output![..4]);
        Assert.Equal("WEBP"u8.ToArray(), group.Items[0].Output![8..12]);
        using var webp = Image.Load<Rgb24>(group.Items[0].Output!);
        Assert.Equal(256, webp.Width);
        using var jpeg = Image.Load<Rgb24>(group.Items[1].Output!);
        Assert.Equal(800, jpeg.Width);
        using var png = Image.Load<Rgb24>(group.Items[2].Output!);
        Assert.Equal(4096, png.Width); // bounded by Engine:MaxOutputSide
    }

    [Fact]
    public async Task Canceling_a_group_stops_it_inside_the_forward_pass()
    {
        var input = TestImages.SampleBytes(TestPaths.Portrait);
        var requests = Enumerable.Range(0, 8).Select(i => new CartoonRequest(input, Anime, i.ToString())).ToList();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Engine.CartoonizeAsync(requests, cts.Token));

        // the engine is still usable afterwards
        var after = await fixture.Engine.CartoonizeAsync([new CartoonRequest(TestImages.Gradient(64, 64), Anime)]);
        Assert.True(after.Items[0].Succeeded);
    }
}
