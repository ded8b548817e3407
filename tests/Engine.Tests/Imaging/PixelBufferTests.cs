using Cartoon.Engine.Imaging;
using Cartoon.Engine.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Tests.Imaging;

public sealed class PixelBufferTests
{
    [Theory]
    [InlineData(720, 720)] // down, as work size from the 1024² sample
    [InlineData(333, 517)] // down, aspect changed
    [InlineData(1300, 1100)] // up, as a cartoon back to a large output
    public void Resize_equals_ImageSharp_triangle_resize_and_leaves_the_source_untouched(int width, int height)
    {
        using var sample = TestImages.Load(TestPaths.Portrait);
        var source = PixelBuffer.From(sample);
        var before = source.Data.ToArray();

        var resized = source.Resize(width, height);

        using var expected = sample.Clone(c => c.Resize(width, height, KnownResamplers.Triangle));
        var expectedBytes = new byte[width * height * 3];
        expected.CopyPixelDataTo(expectedBytes);
        Assert.Equal((width, height), (resized.Width, resized.Height));
        Assert.Equal(expectedBytes, resized.Data);
        Assert.Equal(before, source.Data);
    }

    [Fact]
    public void AsImage_is_a_view_of_the_buffer_not_a_copy()
    {
        var buffer = new PixelBuffer(4, 3);

        using (var image = buffer.AsImage())
        {
            Assert.Equal((4, 3), (image.Width, image.Height));
            image[2, 1] = new Rgb24(10, 20, 30);
        }

        var at = (1 * 4 + 2) * 3;
        Assert.Equal(new byte[] { 10, 20, 30 }, buffer.Data[at..(at + 3)]);
    }
}
