using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Inference;
using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// <see cref="CartoonEngine.DetectFacesAsync"/>: frames detected ahead of cartoonizing (video), batched, with the faces a
/// still-image call finds, in frame pixels. No style is loaded: detection needs the detector alone.
/// </summary>
public sealed class FrameDetectionTests
{
    /// <summary>Four 800² crops of the 1024² portrait: work 720² (so frame and work pixels differ), detected at 640².</summary>
    private static readonly Rectangle[] Crops = [new(100, 0, 800, 800), new(140, 10, 800, 800), new(180, 20, 800, 800), new(224, 0, 800, 800)];

    private static CartoonEngine Engine(PassCounter passes, PassBatching batching, long maxPixels = 50_000_000) =>
        new(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            Device = DevicePreference.Cpu,
            PassBatching = batching,
            MaxInputPixels = maxPixels,
            WarmUp = false,
        }, NullLogger<CartoonEngine>.Instance, metrics: null, passes);

    [Theory]
    [InlineData(PassBatching.Group, 1)]
    [InlineData(PassBatching.Single, 4)]
    public async Task Frames_are_detected_in_one_pass_when_batching_with_the_faces_of_the_still_path_in_frame_pixels(PassBatching batching, int expectedPasses)
    {
        var passes = new PassCounter();
        using var engine = Engine(passes, batching);
        var pngs = Crops.Select(crop => TestImages.Crop(TestPaths.Portrait, crop)).ToArray();
        var frames = pngs.Select(png => { using var image = TestImages.Decode(png); return PixelBuffer.From(image); }).ToList();

        var faces = await engine.DetectFacesAsync(frames);

        var detector = passes.Of(IPassListener.DetectorName);
        Assert.Equal(expectedPasses, detector.Count);
        Assert.All(detector, pass => Assert.Equal((Crops.Length / expectedPasses, 640, 640), (pass.Batch, pass.Height, pass.Width)));
        for (var i = 0; i < frames.Count; i++)
        {
            // The still path's faces are in work pixels (720²): scaled to the 800² frame they must be the same faces.
            var still = Assert.Single(engine.DetectFaces(pngs[i])).Scaled(800f / 720, 800f / 720);
            var frame = Assert.Single(faces[i]);
            Assert.Equal(still.Score, frame.Score, 3);
            Assert.All(still.Landmarks.Zip(frame.Landmarks), pair => Assert.Equal(pair.First, pair.Second, 0.05));
            Assert.Equal(still.X1, frame.X1, 0.05);
            Assert.Equal(still.Y2, frame.Y2, 0.05);
        }
        // The crops move the picture left by 40 px a step: so do the faces found on them.
        Assert.Equal(faces[0][0].Landmarks[0] - 40, faces[1][0].Landmarks[0], 1.5);
    }

    [Fact]
    public async Task A_frame_beyond_the_pixel_limit_is_refused_and_a_frame_without_a_face_has_none()
    {
        using var engine = Engine(new PassCounter(), PassBatching.Group, maxPixels: 1_000_000);
        using var gradient = TestImages.Decode(TestImages.Gradient(320, 240));

        var faces = await engine.DetectFacesAsync([PixelBuffer.From(gradient)]);
        var refused = await Assert.ThrowsAsync<ImageRejectedException>(() => engine.DetectFacesAsync([new PixelBuffer(1200, 900)]));

        Assert.Empty(Assert.Single(faces));
        Assert.Equal(FailureReasons.TooLarge, refused.Reason);
    }
}
