using Cartoon.Engine.Batching;
using Cartoon.Engine.Imaging;

namespace Cartoon.Engine.Pipeline;

/// <summary>
/// A High item's tiles over its work image (<see cref="TileGrid"/> along each side) and their blend: each tile's output
/// is added into the item's cartoon weighted by the product of its two 1D weights, which add up to 1 at every pixel,
/// so the sum needs no normalising afterwards and the tiles may arrive in any pass order.
/// </summary>
internal sealed class TileLayout
{
    private readonly int[] _xs;
    private readonly int[] _ys;
    private readonly float[][] _weightsX;
    private readonly float[][] _weightsY;

    public TileLayout(int workWidth, int workHeight, int tileSide, int overlap)
    {
        _xs = TileGrid.Starts(workWidth, tileSide, overlap);
        _ys = TileGrid.Starts(workHeight, tileSide, overlap);
        _weightsX = TileGrid.Weights(workWidth, tileSide, overlap);
        _weightsY = TileGrid.Weights(workHeight, tileSide, overlap);
        TileWidth = Math.Min(tileSide, workWidth);
        TileHeight = Math.Min(tileSide, workHeight);
    }

    /// <summary>Work pixels a tile covers (its input shape may be larger: padding).</summary>
    public int TileWidth { get; }
    public int TileHeight { get; }

    public IEnumerable<BackgroundInput> Inputs(WorkItem item, (int Height, int Width) shape)
    {
        for (var row = 0; row < _ys.Length; row++)
            for (var column = 0; column < _xs.Length; column++)
                yield return new BackgroundInput(item, _xs[column], _ys[row], TileWidth, TileHeight, shape, this, column, row);
    }

    /// <summary>Adds image <paramref name="n"/> of a pass's output (BGR ≈[-1,1]), weighted, into the cartoon (RGB 0..255).</summary>
    public void Blend(float[] output, int n, int height, int width, BackgroundInput tile, float[] cartoon, int workWidth)
    {
        var wx = _weightsX[tile.Column];
        var wy = _weightsY[tile.Row];
        ParallelRanges.For(TileHeight, (y0, y1) =>
        {
            for (var y = y0; y < y1; y++)
            {
                var src = output.AsSpan((n * height + y) * width * 3, TileWidth * 3);
                var dst = cartoon.AsSpan(((tile.Y + y) * workWidth + tile.X) * 3, TileWidth * 3);
                for (var x = 0; x < TileWidth; x++)
                {
                    var w = wx[x] * wy[y];
                    if (w == 0f)
                        continue;
                    dst[x * 3] += w * BackgroundBatch.ToPixel(src[x * 3 + 2]);
                    dst[x * 3 + 1] += w * BackgroundBatch.ToPixel(src[x * 3 + 1]);
                    dst[x * 3 + 2] += w * BackgroundBatch.ToPixel(src[x * 3]);
                }
            }
        });
    }
}
