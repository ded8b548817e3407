namespace Cartoon.Engine.Batching;

/// <summary>
/// Where a <see cref="Detail.High"/> item's tiles lie along one side of its work image, and how much each counts where
/// they overlap. Tiles are spread evenly from edge to edge, so every tile is full size (no tile hangs over the image
/// and none is a sliver) and neighbours overlap by at least the configured overlap. Where two tiles overlap, the one
/// counts less the nearer its own border it is: a cosine ramp of the configured width centred in the overlap, so each
/// tile's outermost pixels, where the net saw white padding instead of the picture, weigh nothing.
/// </summary>
internal static class TileGrid
{
    /// <summary>Tiles along a side of <paramref name="length"/>: 1 when it fits one tile (then padded, not tiled).</summary>
    public static int Count(int length, int tileSide, int overlap)
    {
        Check(tileSide, overlap);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (length <= tileSide)
            return 1;
        // The fewest tiles whose steps are at most tileSide - overlap.
        return 1 + (length - tileSide + (tileSide - overlap) - 1) / (tileSide - overlap);
    }

    /// <summary>Each tile's first pixel along the side: 0, evenly spaced, the last at length - tileSide.</summary>
    public static int[] Starts(int length, int tileSide, int overlap)
    {
        var n = Count(length, tileSide, overlap);
        if (n == 1)
            return [0];
        var span = length - tileSide;
        return Enumerable.Range(0, n).Select(i => (int)(((long)i * span * 2 + (n - 1)) / (2L * (n - 1)))).ToArray();
    }

    /// <summary>
    /// Per tile, its weight at each of its pixels along the side (its length: min(tileSide, length)); at every pixel of
    /// the side the tiles' weights add up to 1. Two neighbours share a ramp of width min(overlap, their step) centred
    /// in their overlap (a hard cut there when the overlap setting is 0).
    /// </summary>
    public static float[][] Weights(int length, int tileSide, int overlap)
    {
        var starts = Starts(length, tileSide, overlap);
        var size = Math.Min(tileSide, length);
        var weights = starts.Select(_ => new float[size]).ToArray();
        var sums = new double[length];
        var raw = new double[starts.Length][];
        for (var i = 0; i < starts.Length; i++)
        {
            raw[i] = new double[size];
            for (var u = 0; u < size; u++)
            {
                var x = starts[i] + u + 0.5; // pixel centre
                var w = 1.0;
                if (i > 0)
                    w *= Rise(x, starts[i - 1], starts[i], tileSide, overlap);
                if (i < starts.Length - 1)
                    w *= 1 - Rise(x, starts[i], starts[i + 1], tileSide, overlap);
                raw[i][u] = w;
                sums[starts[i] + u] += w;
            }
        }
        // The ramps of a pair add up to 1; normalising keeps that exact in float whatever the rounding of the cosine.
        for (var i = 0; i < starts.Length; i++)
            for (var u = 0; u < size; u++)
                weights[i][u] = (float)(raw[i][u] / sums[starts[i] + u]);
        return weights;
    }

    /// <summary>The weight of the later of two neighbours starting at <paramref name="first"/> and <paramref name="second"/>.</summary>
    private static double Rise(double x, int first, int second, int tileSide, int overlap)
    {
        var centre = (second + first + tileSide) / 2.0;
        var ramp = Math.Min(overlap, second - first);
        if (ramp == 0)
            return x >= centre ? 1 : 0;
        var t = Math.Clamp((x - (centre - ramp / 2.0)) / ramp, 0, 1);
        return 0.5 - 0.5 * Math.Cos(Math.PI * t);
    }

    private static void Check(int tileSide, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSide);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        if (overlap > tileSide / 2)
            throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "The tile overlap must be at most half the tile side.");
    }
}
