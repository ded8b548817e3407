using Cartoon.Engine.Imaging;

namespace Cartoon.Engine.Faces;

/// <summary>Moves faces between the work image and the 288² head crops (bilinear, as cv2.warpAffine).</summary>
public static class FaceWarp
{
    public const int CropSize = 288;

    /// <summary>Samples the aligned crop into <paramref name="dest"/> as BGR 0..255 NHWC, white outside the image.</summary>
    public static void WarpToCrop(PixelBuffer src, SimilarityTransform toCrop, Span<float> dest)
    {
        var inv = toCrop.Inverse();
        var data = src.Data;
        int w = src.Width, h = src.Height;
        for (var v = 0; v < CropSize; v++)
        {
            var row = dest.Slice(v * CropSize * 3, CropSize * 3);
            for (var u = 0; u < CropSize; u++)
            {
                var (x, y) = inv.Apply(u, v);
                var x0 = (int)Math.Floor(x);
                var y0 = (int)Math.Floor(y);
                var fx = (float)(x - x0);
                var fy = (float)(y - y0);
                for (var c = 0; c < 3; c++)
                {
                    var p00 = Sample(data, w, h, x0, y0, c);
                    var p10 = Sample(data, w, h, x0 + 1, y0, c);
                    var p01 = Sample(data, w, h, x0, y0 + 1, c);
                    var p11 = Sample(data, w, h, x0 + 1, y0 + 1, c);
                    var top = p00 + (p10 - p00) * fx;
                    var bottom = p01 + (p11 - p01) * fx;
                    row[u * 3 + (2 - c)] = top + (bottom - top) * fy; // RGB source → BGR tensor
                }
            }
        }
    }

    /// <summary>
    /// Pastes a head output (BGR ≈[-1,1], 288²) back over <paramref name="res"/> (RGB 0..255 floats, work size)
    /// through the inverse transform, weighted by the blend mask: res = m·head + (1−m)·res.
    /// </summary>
    public static void PasteBack(ReadOnlySpan<float> head, float[] mask, SimilarityTransform toCrop, float[] res, int width, int height)
    {
        var inv = toCrop.Inverse();
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var (cu, cv) in new (double, double)[] { (0, 0), (CropSize, 0), (0, CropSize), (CropSize, CropSize) })
        {
            var (x, y) = inv.Apply(cu, cv);
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x); minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
        }
        var x0 = Math.Max(0, (int)Math.Floor(minX) - 1);
        var x1 = Math.Min(width - 1, (int)Math.Ceiling(maxX) + 1);
        var y0 = Math.Max(0, (int)Math.Floor(minY) - 1);
        var y1 = Math.Min(height - 1, (int)Math.Ceiling(maxY) + 1);

        for (var y = y0; y <= y1; y++)
        for (var x = x0; x <= x1; x++)
        {
            var (u, v) = toCrop.Apply(x, y);
            if (u <= -1 || v <= -1 || u >= CropSize || v >= CropSize)
                continue;
            var iu = (int)Math.Floor(u);
            var iv = (int)Math.Floor(v);
            var fu = (float)(u - iu);
            var fv = (float)(v - iv);
            var m = Bilinear(mask, 1, 0, iu, iv, fu, fv);
            if (m <= 0f)
                continue;
            var o = (y * width + x) * 3;
            for (var c = 0; c < 3; c++)
            {
                // head is BGR in [-1,1]; reading channel (2-c) yields RGB. Outside the crop counts as 0 (cv2 borderValue 0).
                var hv = Bilinear(head, 3, 2 - c, iu, iv, fu, fv);
                var pixel = (Math.Clamp(hv, -1f, 1f) + 1f) * 127.5f;
                res[o + c] = m * pixel + (1 - m) * res[o + c];
            }
        }
    }

    private static float Sample(byte[] data, int w, int h, int x, int y, int c) =>
        (uint)x < (uint)w && (uint)y < (uint)h ? data[(y * w + x) * 3 + c] : 255f;

    private static float Bilinear(ReadOnlySpan<float> src, int channels, int c, int iu, int iv, float fu, float fv)
    {
        var p00 = At(src, channels, c, iu, iv);
        var p10 = At(src, channels, c, iu + 1, iv);
        var p01 = At(src, channels, c, iu, iv + 1);
        var p11 = At(src, channels, c, iu + 1, iv + 1);
        var top = p00 + (p10 - p00) * fu;
        var bottom = p01 + (p11 - p01) * fu;
        return top + (bottom - top) * fv;
    }

    private static float At(ReadOnlySpan<float> src, int channels, int c, int u, int v) =>
        (uint)u < CropSize && (uint)v < CropSize ? src[(v * CropSize + u) * channels + c] : 0f;
}
