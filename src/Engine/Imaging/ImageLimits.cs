namespace Cartoon.Engine.Imaging;

/// <summary>What an input may cost before any pixel memory is committed to it.</summary>
public sealed class ImageLimits
{
    /// <summary>Encoded size in bytes.</summary>
    public long MaxBytes { get; init; } = 30 * 1024 * 1024;

    /// <summary>Width × height as declared by the header.</summary>
    public long MaxPixels { get; init; } = 50_000_000;

    /// <summary>Either side, in pixels.</summary>
    public int MaxSide { get; init; } = 16_384;

    /// <summary>How long <see cref="ImageDecoder.Decode"/> waits before giving up on a decode.</summary>
    public TimeSpan DecodeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
