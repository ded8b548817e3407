using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// A video frame's cartoon must not depend on the run or on the frames that share its group: chunks are regrouped
/// freely by the workers, and a frame that came out differently in another grouping would flicker.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class FrameDeterminismTests(EngineFixture fixture)
{
    private static readonly CartoonParameters Anime = new() { Style = "anime" };

    /// <summary>
    /// Max pixel difference allowed between a frame alone and in a group. Measured on the CPU: 0 (ONNX Runtime runs
    /// each image of a batch through the same kernels, and every item is padded by its own size only). On CUDA cuDNN may
    /// pick another algorithm per batch size: the bound of <see cref="GroupIndependenceTests"/> (2) applies there.
    /// </summary>
    private int Bound => fixture.Engine.Device == "cpu" ? 0 : 2;

    [Fact]
    public async Task A_frame_comes_out_the_same_run_again_alone_or_at_any_place_in_a_group()
    {
        var frames = VideoInputs.Pixels(VideoInputs.Portrait(frames: 4, new Size(5, 0), noise: 8));
        var requests = frames.Select((frame, i) => CartoonRequest.ForFrame(frame, Anime, faces: null, $"frame-{i}")).ToList();

        var alone = Assert.Single((await fixture.Engine.CartoonizeAsync([requests[0]])).Items);
        var again = Assert.Single((await fixture.Engine.CartoonizeAsync([requests[0]])).Items);
        var first = await fixture.Engine.CartoonizeAsync(requests);
        var last = await fixture.Engine.CartoonizeAsync(requests.AsEnumerable().Reverse().ToList());

        Assert.Equal(1, first.Stats.BackgroundPasses);
        Assert.Equal(4, first.Stats.Faces);
        Assert.Equal(alone.Output, again.Output);
        AssertWithinBound(alone.Output!, first.Items[0].Output!);
        AssertWithinBound(alone.Output!, last.Items[^1].Output!);
    }

    [Fact]
    public async Task With_bucket_shapes_and_a_padded_batch_a_frame_still_comes_out_as_alone()
    {
        using var engine = GroupIndependenceTests.BucketEngine();
        // 480×360 pads to the 512×384 bucket; three frames are fed as a batch of four, the fourth all white.
        var frames = VideoInputs.Pixels(VideoInputs.Portrait(frames: 3, new Size(5, 0), noise: 8));
        var requests = frames.Select((frame, i) => CartoonRequest.ForFrame(frame, Anime, faces: null, $"frame-{i}")).ToList();

        var alone = Assert.Single((await engine.CartoonizeAsync([requests[1]])).Items);
        var group = await engine.CartoonizeAsync(requests);

        Assert.Equal(1, group.Stats.BackgroundPasses);
        AssertWithinBound(alone.Output!, group.Items[1].Output!);
    }

    private void AssertWithinBound(byte[] expected, byte[] actual)
    {
        using var a = TestImages.Decode(expected);
        using var b = TestImages.Decode(actual);
        var diff = TestImages.Diff(a, b);
        Assert.True(diff.Max <= Bound, $"max pixel difference {diff.Max} (mean {diff.Mean:F4}) above {Bound}");
    }
}
