using Cartoon.Engine.Imaging;

namespace Cartoon.Engine.Pipeline;

/// <summary>
/// Packs work images, or tiles of them, into ONE white-padded NHWC BGR tensor of a bucket shape and unpacks each item's
/// region of the output (DCT-Net pads with white; padding to a common size lets one pass run them all).
/// </summary>
internal static class BackgroundBatch
{
    public static float[] Pack(IReadOnlyList<WorkItem> items, int batch, int height, int width) =>
        Pack(items.Select(item => BackgroundInput.Whole(item, (height, width))).ToList(), batch, height, width);

    /// <summary>Each input's region of its work image at the top left of its image of the batch, white around it.</summary>
    public static float[] Pack(IReadOnlyList<BackgroundInput> inputs, int batch, int height, int width)
    {
        var input = GC.AllocateUninitializedArray<float>(batch * height * width * 3);
        var rowFloats = width * 3;
        for (var n = 0; n < batch; n++)
        {
            var image = n * height * rowFloats;
            if (n >= inputs.Count)
            {
                input.AsSpan(image, height * rowFloats).Fill(255f); // a padding item of the batch
                continue;
            }
            var region = inputs[n];
            var work = region.Item.Work;
            var src = work.Data;
            ParallelRanges.For(height, (y0, y1) =>
            {
                for (var y = y0; y < y1; y++)
                {
                    var dst = input.AsSpan(image + y * rowFloats, rowFloats);
                    if (y >= region.Height)
                    {
                        dst.Fill(255f);
                        continue;
                    }
                    dst[(region.Width * 3)..].Fill(255f);
                    var row = ((region.Y + y) * work.Width + region.X) * 3;
                    for (var x = 0; x < region.Width; x++)
                    {
                        dst[x * 3] = src[row + x * 3 + 2];
                        dst[x * 3 + 1] = src[row + x * 3 + 1];
                        dst[x * 3 + 2] = src[row + x * 3];
                    }
                }
            });
        }
        return input;
    }

    /// <summary>Crops item n back out of the output, as RGB 0..255 floats.</summary>
    public static float[] Unpack(float[] output, int n, int height, int width, int itemWidth, int itemHeight)
    {
        var res = GC.AllocateUninitializedArray<float>(itemWidth * itemHeight * 3);
        ParallelRanges.For(itemHeight, (y0, y1) =>
        {
            for (var y = y0; y < y1; y++)
            {
                var src = output.AsSpan((n * height + y) * width * 3, itemWidth * 3);
                var dst = res.AsSpan(y * itemWidth * 3, itemWidth * 3);
                for (var x = 0; x < itemWidth; x++)
                {
                    dst[x * 3] = ToPixel(src[x * 3 + 2]);
                    dst[x * 3 + 1] = ToPixel(src[x * 3 + 1]);
                    dst[x * 3 + 2] = ToPixel(src[x * 3]);
                }
            }
        });
        return res;
    }

    /// <summary>The net's output value as a 0..255 channel, as DCT-Net converts it.</summary>
    public static float ToPixel(float v) => (Math.Clamp(v, -1f, 1f) + 1f) * 127.5f;
}
