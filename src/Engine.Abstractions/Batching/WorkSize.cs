namespace Cartoon.Engine.Batching;

/// <summary>The size the nets see: DCT-Net caps the short side at 720 (keeping aspect) before anything else.</summary>
public static class WorkSize
{
    public const int MaxShortSide = 720;

    public static (int Width, int Height) For(int width, int height, int maxShortSide = MaxShortSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var shortSide = Math.Min(width, height);
        if (shortSide <= maxShortSide)
            return (width, height);
        var scale = (double)maxShortSide / shortSide;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>DCT-Net pads the bg input right/bottom to a multiple of 16 with white.</summary>
    public static int PadTo16(int value) => (value + 15) / 16 * 16;
}
