using System.Diagnostics;
using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Cartoon.Engine.Tests.Imaging.ImagingInputs;

namespace Cartoon.Engine.Tests.Imaging;

/// <summary>Process-wide allocation counts are only meaningful while nothing else runs.</summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;

[Collection(nameof(AllocationMeasurements))]
public sealed class HugeHeaderDecodeTests
{
    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void Huge_header_is_rejected_by_decode_in_milliseconds_without_allocating_pixels(string format)
    {
        byte[] data = format == "png" ? PngClaiming(60_000, 60_000) : JpegClaiming(60_000, 60_000);
        var limits = new ImageLimits();
        using (var warmUp = new Image<Rgb24>(8, 8))
        {
            ImageDecoder.Decode(Encode(warmUp, EncoderFor(format)), limits).Dispose();
        }

        // The decode runs on its own thread, so the process-wide counter is the one that sees it.
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var rejection = Rejected(FailureReasons.TooLarge, () => ImageDecoder.Decode(data, limits));
        stopwatch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // The probe's message, not an allocator failure further in.
        Assert.Contains("60000x60000", rejection.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.ElapsedMilliseconds < 200, $"took {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(allocated < 10 * 1024 * 1024, $"allocated {allocated} bytes");
    }
}
