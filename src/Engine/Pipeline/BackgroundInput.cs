namespace Cartoon.Engine.Pipeline;

/// <summary>
/// One image of a bg pass: a region of an item's work image (all of it for a Standard item, one tile of a High one)
/// and the input shape it is white-padded to, right and bottom.
/// </summary>
internal readonly record struct BackgroundInput(WorkItem Item, int X, int Y, int Width, int Height, (int Height, int Width) Shape,
    TileLayout? Tiles = null, int Column = 0, int Row = 0)
{
    public static BackgroundInput Whole(WorkItem item, (int Height, int Width) shape) =>
        new(item, 0, 0, item.Work.Width, item.Work.Height, shape);
}
