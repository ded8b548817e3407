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

    /// <summary>Refuses an image of this size as its header would be refused.</summary>
    /// <exception cref="ImageRejectedException"><see cref="FailureReasons.InvalidImage"/> or <see cref="FailureReasons.TooLarge"/>.</exception>
    public void Check(int width, int height, string what)
    {
        if (width <= 0 || height <= 0)
            throw new ImageRejectedException(FailureReasons.InvalidImage, $"The {what} declares a {width}x{height} image.");
        if (width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
            throw new ImageRejectedException(
                FailureReasons.TooLarge,
                $"The image is {width}x{height}; at most {MaxSide} px a side and {MaxPixels} px in all are accepted.");
    }
}
