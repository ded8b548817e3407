using Cartoon.Engine.Imaging;
using Cartoon.Engine.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// Transparency kept (issue 14, part 3): a sticker-like cut-out of a real portrait comes back with its alpha as PNG and
/// WebP, without the white fringe the flattening leaves at its soft edge, and flattened (and saying so) as JPEG; an
/// opaque input's results do not change. Every case runs in one engine call (one batched pass at 512²).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class AlphaOutputTests(EngineFixture fixture, ITestOutputHelper output)
{
    private const int Small = 300;
    private static readonly CartoonParameters Anime = new() { Style = "anime" };
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Outputs? _outputs;

    private sealed record Outputs(
        Image<Rgba32> CutOut,
        CartoonResult Png,
        CartoonResult Webp,
        CartoonResult Jpeg,
        CartoonResult Naive,
        CartoonResult SmallBlend,
        CartoonResult OpaqueRgba,
        CartoonResult OpaqueRgb,
        CartoonResult OpaqueWebp);

    private async Task<Outputs> RunAsync()
    {
        await Once.WaitAsync();
        try
        {
            return _outputs ??= await CartoonizeAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<Outputs> CartoonizeAsync()
    {
        var cutOut = CutOutInputs.Feathered(feather: 12);
        var png = CutOutInputs.Png(cutOut);
        // What the nets see of the cut-out, as an opaque file: its cartoon under the input's alpha is the naive result.
        using var flattened = WhiteMatte.Flatten(cutOut, out _);
        using var opaque = Image.Load<Rgba32>(TestPaths.Sample(TestPaths.Astronaut));
        var opaqueRgba = CutOutInputs.Png(opaque);
        CartoonRequest[] requests =
        [
            new(png, Anime),
            new(png, Anime with { Format = OutputFormat.Webp }),
            new(png, Anime with { Format = OutputFormat.Jpeg, Quality = 95 }),
            new(TestImages.Png(flattened), Anime),
            new(png, Anime with { Strength = 0.5f, MaxSide = Small }),
            new(opaqueRgba, Anime),
            new(TestImages.SampleBytes(TestPaths.Astronaut), Anime),
            new(opaqueRgba, Anime with { Format = OutputFormat.Webp }),
        ];
        var results = (await fixture.Engine.CartoonizeAsync(requests)).Items;
        Assert.All(results, r => Assert.True(r.Succeeded, r.FailureMessage));
        return new Outputs(cutOut, results[0], results[1], results[2], results[3], results[4], results[5], results[6], results[7]);
    }

    [Fact]
    public async Task A_png_result_carries_the_inputs_alpha_exactly()
    {
        var o = await RunAsync();

        using var result = Image.Load<Rgba32>(o.Png.Output!);

        Assert.Equal(6, o.Png.Output![25]); // IHDR colour type: truecolour with alpha
        Assert.Equal(Alphas(o.CutOut), Alphas(result));
        Assert.DoesNotContain(ItemWarnings.AlphaFlattened, o.Png.Warnings);
    }

    [Fact]
    public async Task A_webp_result_carries_the_inputs_alpha()
    {
        var o = await RunAsync();

        using var result = Image.Load<Rgba32>(o.Webp.Output!);

        Assert.Equal("VP8X"u8.ToArray(), o.Webp.Output![12..16]);
        var expected = Alphas(o.CutOut);
        var actual = Alphas(result);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] is 0 or 255)
                Assert.Equal(expected[i], actual[i]);
            else
                Assert.InRange(actual[i] - expected[i], -2, 2);
        }
        Assert.DoesNotContain(ItemWarnings.AlphaFlattened, o.Webp.Warnings);
    }

    [Fact]
    public async Task A_jpeg_result_is_flattened_onto_white_and_says_so()
    {
        var o = await RunAsync();

        using var result = Image.Load<Rgba32>(o.Jpeg.Output!);

        Assert.Equal("jpeg", ImageProbe.SniffFormat(o.Jpeg.Output!));
        Assert.All(Alphas(result), a => Assert.Equal(255, a));
        var corner = result[4, 4]; // fully transparent in the input: the nets' white
        Assert.True(Math.Min(corner.R, Math.Min(corner.G, corner.B)) > 200, $"corner {corner} is not near white");
        Assert.Contains(ItemWarnings.AlphaFlattened, o.Jpeg.Warnings);
    }

    [Fact]
    public async Task The_white_fringe_at_the_soft_edge_is_taken_out()
    {
        var o = await RunAsync();
        using var corrected = Image.Load<Rgba32>(o.Png.Output!);
        using var naive = Image.Load<Rgba32>(o.Naive.Output!);
        naive.ProcessPixelRows(corrected, (target, source) =>
        {
            for (var y = 0; y < target.Height; y++)
            {
                var row = target.GetRowSpan(y);
                var alpha = source.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x].A = alpha[x].A;
            }
        });

        var before = EdgeFringe.BandWhiteness(naive);
        var after = EdgeFringe.BandWhiteness(corrected);
        var inside = EdgeFringe.InteriorWhiteness(corrected);
        output.WriteLine($"band whiteness: naive {before:F3}, un-flattened {after:F3}; opaque pixels inside the band {inside:F3}");

        Assert.True(before - inside > 0.08, $"no fringe to correct: naive {before:F3} vs inside {inside:F3}");
        Assert.True(after < before - 0.1, $"fringe not taken out: {after:F3} vs naive {before:F3}");
        // Taking out too much white (solving against pure 255 instead of the nets' white) leaves a dark rim instead.
        Assert.True(Math.Abs(after - inside) < 0.1, $"edge {after:F3} does not match the inside {inside:F3}");
    }

    [Fact]
    public async Task A_strength_blend_at_a_smaller_size_carries_the_alpha_resized()
    {
        var o = await RunAsync();

        using var result = Image.Load<Rgba32>(o.SmallBlend.Output!);
        using var expected = AlphaImage(o.CutOut);
        expected.Mutate(c => c.Resize(Small, Small, KnownResamplers.Triangle));

        Assert.Equal((Small, Small), (result.Width, result.Height));
        var actual = Alphas(result);
        var wanted = new L8[Small * Small];
        expected.CopyPixelDataTo(wanted);
        for (var i = 0; i < actual.Length; i++)
        {
            if (wanted[i].PackedValue is 0 or 255)
                Assert.Equal(wanted[i].PackedValue, actual[i]);
            else
                Assert.InRange(actual[i] - wanted[i].PackedValue, -1, 1);
        }
        Assert.Empty(o.SmallBlend.Warnings);
    }

    [Fact]
    public async Task An_opaque_input_gives_the_same_opaque_result_with_or_without_an_alpha_channel()
    {
        var o = await RunAsync();

        Assert.Equal(2, o.OpaqueRgba.Output![25]); // IHDR colour type: truecolour, no alpha
        Assert.Equal(o.OpaqueRgb.Output, o.OpaqueRgba.Output);
        Assert.Equal("VP8 "u8.ToArray(), o.OpaqueWebp.Output![12..16]); // simple lossy WebP: no VP8X, no ALPH
        Assert.Empty(o.OpaqueRgba.Warnings);
    }

    private static byte[] Alphas(Image<Rgba32> image)
    {
        var pixels = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels.Select(p => p.A).ToArray();
    }

    private static Image<L8> AlphaImage(Image<Rgba32> image)
    {
        var alphas = Alphas(image);
        return Image.LoadPixelData<L8>(alphas, image.Width, image.Height);
    }
}
