using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// Items that bring their faces (<see cref="CartoonRequest.Faces"/>, in input pixels) and their pixels
/// (<see cref="CartoonRequest.Pixels"/>): detection is skipped, and the cartoon is the one detection would have given.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SuppliedFacesTests(EngineFixture fixture)
{
    private static readonly CartoonParameters Anime = new() { Style = "anime" };

    [Fact]
    public async Task Faces_detected_ahead_give_the_cartoon_detection_gives_from_bytes_or_from_pixels()
    {
        // 1024²: the work image is 720², so the faces go from frame pixels to work pixels and must land where detection puts them.
        var png = TestImages.SampleBytes(TestPaths.Portrait);
        using var decoded = TestImages.Decode(png);
        var frame = PixelBuffer.From(decoded);
        var faces = Assert.Single(await fixture.Engine.DetectFacesAsync([frame]));

        var group = await fixture.Engine.CartoonizeAsync(
        [
            new CartoonRequest(png, Anime, "detected"),
            new CartoonRequest(png, Anime, "bytes + faces") { Faces = faces },
            CartoonRequest.ForFrame(frame, Anime, faces, "pixels + faces"),
        ]);

        Assert.All(group.Items, r => Assert.True(r.Succeeded, r.FailureMessage));
        Assert.All(group.Items, r => Assert.Equal(1, r.Faces));
        Assert.Equal(1, group.Stats.BackgroundPasses);
        Assert.Equal(1, group.Stats.HeadPasses);
        using var detected = TestImages.Decode(group.Items[0].Output!);
        using var fromBytes = TestImages.Decode(group.Items[1].Output!);
        using var fromPixels = TestImages.Decode(group.Items[2].Output!);
        // Measured on the CPU: max 1 on a few pixels (mean 4e-6): the float round trip of the coordinates through frame pixels.
        Assert.True(TestImages.Diff(detected, fromBytes).Max <= 1, $"supplied vs detected: {TestImages.Diff(detected, fromBytes)}");
        Assert.Equal((0, 0.0), TestImages.Diff(fromBytes, fromPixels));
    }

    [Fact]
    public async Task No_supplied_face_gives_the_result_of_a_photo_where_none_is_found()
    {
        var png = TestImages.SampleBytes(TestPaths.Astronaut);
        using var blind = new CartoonEngine(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            PassBatching = PassBatching.Group,
            MaxFacesPerImage = 0, // the detector's answer is always "no face"
            WarmUp = false,
        }, NullLogger<CartoonEngine>.Instance);

        var noFace = Assert.Single((await blind.CartoonizeAsync([new CartoonRequest(png, Anime)])).Items);
        var group = await fixture.Engine.CartoonizeAsync([new CartoonRequest(png, Anime) { Faces = [] }, new CartoonRequest(png, Anime)]);

        var supplied = group.Items[0];
        Assert.True(supplied.Succeeded, supplied.FailureMessage);
        Assert.Equal(0, supplied.Faces);
        Assert.Contains(ItemWarnings.NoFace, supplied.Warnings);
        Assert.Equal(noFace.Output, supplied.Output);
        Assert.Equal(1, group.Items[1].Faces); // its neighbour still had its face detected and cartoonized
        var face = Assert.Single(fixture.Engine.DetectFaces(png)); // 512²: work pixels are input pixels
        using var withoutHead = TestImages.Decode(supplied.Output!);
        using var withHead = TestImages.Decode(group.Items[1].Output!);
        var box = Rectangle.FromLTRB((int)face.X1, (int)face.Y1, (int)face.X2, (int)face.Y2);
        Assert.True(Flicker.MeanAbsoluteDifference(withoutHead, withHead, box) > 5, "the head pass must have changed the face");
    }

    [Fact]
    public async Task Every_supplied_face_is_cartoonized_where_it_is_given()
    {
        var png = TestImages.SampleBytes(TestPaths.Astronaut);
        var face = Assert.Single(fixture.Engine.DetectFaces(png)); // 512²: work pixels are input pixels
        var beside = new DetectedFace(face.X1 - 150, face.Y1, face.X2 - 150, face.Y2, face.Score, face.Landmarks.Select((v, k) => k % 2 == 0 ? v - 150 : v).ToArray());

        var group = await fixture.Engine.CartoonizeAsync([new CartoonRequest(png, Anime) { Faces = [face, beside] }, new CartoonRequest(png, Anime) { Faces = [face] }]);

        Assert.Equal(2, group.Items[0].Faces);
        Assert.Equal(3, group.Stats.Faces);
        using var twoHeads = TestImages.Decode(group.Items[0].Output!);
        using var oneHead = TestImages.Decode(group.Items[1].Output!);
        var region = Rectangle.FromLTRB((int)beside.X1, (int)beside.Y1, (int)beside.X2, (int)beside.Y2);
        Assert.True(Flicker.MeanAbsoluteDifference(twoHeads, oneHead, region) > 5, "a second head was pasted over the region given");
    }

    [Fact]
    public async Task Unusable_supplied_faces_or_pixels_fail_their_item_alone()
    {
        var png = TestImages.SampleBytes(TestPaths.Astronaut);
        var face = Assert.Single(fixture.Engine.DetectFaces(png));

        var group = await fixture.Engine.CartoonizeAsync(
        [
            new CartoonRequest(png, Anime, "three landmarks") { Faces = [face with { Landmarks = [1, 2, 3] }] },
            new CartoonRequest(png, Anime, "nan") { Faces = [face with { X1 = float.NaN }] },
            CartoonRequest.ForFrame(new PixelBuffer(20_000, 1), Anime, [], "too wide"),
            new CartoonRequest(png, Anime, "fine") { Faces = [face] },
        ]);

        Assert.Equal(FailureReasons.InvalidOptions, group.Items[0].FailureReason);
        Assert.Equal(FailureReasons.InvalidOptions, group.Items[1].FailureReason);
        Assert.Equal(FailureReasons.TooLarge, group.Items[2].FailureReason);
        Assert.True(group.Items[3].Succeeded, group.Items[3].FailureMessage);
    }
}
