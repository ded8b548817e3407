namespace Cartoon.Engine.Batching;

/// <summary>
/// What the engine will do with an item of this size and <see cref="Engine.Detail"/>, from its header alone (routing and
/// cost): the work size the nets run at, and what its bg pass is fed. Standard: DCT-Net's own work size
/// (<see cref="WorkSize.For"/>, short side 720) and no tiles, the whole work image being one bg input. High: the short
/// side capped at <see cref="EngineOptions.HighDetailShortSide"/> and <see cref="Columns"/> × <see cref="Rows"/> tiles, all
/// of one shape <see cref="TileHeight"/> × <see cref="TileWidth"/>: <see cref="EngineOptions.TileSide"/> along a side
/// longer than a tile, the side padded to 16 along one that is not (a device that buckets shapes pads that side to
/// its bucket instead, never beyond the tile side: <see cref="BackgroundShapes.For(DetailPlan)"/>).
/// </summary>
/// <param name="TileSide">The configured tile side the plan was made with (0 for Standard): a padded side's bucket never exceeds it.</param>
public sealed record DetailPlan(Detail Detail, int WorkWidth, int WorkHeight, int Columns, int Rows, int TileWidth, int TileHeight, int TileSide)
{
    /// <summary>Tiles the bg net runs on: 0 for Standard (one input, the work image padded as the device pads it).</summary>
    public int Tiles => Columns * Rows;

    public bool IsTiled => Tiles > 0;

    /// <summary>Images the item adds to its bg pass: one per tile, or the work image itself.</summary>
    public int BackgroundInputs => IsTiled ? Tiles : 1;

    /// <summary>Input pixels of the item's bg inputs (tiles with their overlaps and padding; Standard: the work image padded to 16).</summary>
    public long BackgroundPixels => IsTiled
        ? (long)Tiles * TileWidth * TileHeight
        : (long)WorkSize.PadTo16(WorkWidth) * WorkSize.PadTo16(WorkHeight);

    public static DetailPlan For(int width, int height, Detail detail, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return For(width, height, detail, options.HighDetailShortSide, options.TileSide, options.TileOverlap);
    }

    public static DetailPlan For(int width, int height, Detail detail, int highDetailShortSide, int tileSide, int tileOverlap)
    {
        if (detail == Detail.Standard)
        {
            var (sw, sh) = WorkSize.For(width, height);
            return new DetailPlan(detail, sw, sh, 0, 0, 0, 0, 0);
        }
        if (detail != Detail.High)
            throw new ArgumentOutOfRangeException(nameof(detail), detail, "Unknown detail.");
        if (tileSide % 16 != 0)
            throw new ArgumentOutOfRangeException(nameof(tileSide), tileSide, "The tile side must be a multiple of 16.");
        var (ww, wh) = WorkSize.For(width, height, highDetailShortSide);
        return new DetailPlan(detail, ww, wh,
            TileGrid.Count(ww, tileSide, tileOverlap), TileGrid.Count(wh, tileSide, tileOverlap),
            TileExtent(ww, tileSide), TileExtent(wh, tileSide), tileSide);
    }

    /// <summary>A tile spans <paramref name="tileSide"/> along a side longer than it; a shorter side is padded to 16 like DCT-Net's.</summary>
    private static int TileExtent(int side, int tileSide) => side > tileSide ? tileSide : WorkSize.PadTo16(side);
}
