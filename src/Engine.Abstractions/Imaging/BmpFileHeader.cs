using System.Buffers.Binary;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// ImageSharp 2.1 allocates the gap up to a BMP's declared pixel-data offset before checking it against the file:
/// a 1 KB file declaring a 256 MB offset cost 268 MB, one declaring 2 GB threw OutOfMemoryException.
/// </summary>
internal static class BmpFileHeader
{
    private const int PixelOffsetField = 10;

    public static void EnsurePixelOffsetFits(ReadOnlySpan<byte> bmp)
    {
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(bmp[PixelOffsetField..]);
        if (offset > bmp.Length)
        {
            throw new ImageRejectedException(
                FailureReasons.InvalidImage,
                $"The bmp image could not be read: its pixel data is said to start at byte {offset} of {bmp.Length}.");
        }
    }
}
