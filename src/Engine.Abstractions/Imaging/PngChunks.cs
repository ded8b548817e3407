using System.Buffers.Binary;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// Walks PNG chunks without inflating anything. ImageSharp 2.1 inflates zTXt/iTXt text without a bound (a 400 KB file
/// cost 10 s and 5.7 GB in Identify), so its PNG decoder runs with metadata off and the eXIf orientation is read here.
/// </summary>
internal static class PngChunks
{
    private const int SignatureSize = 8;
    private const int ChunkOverhead = 12; // length, type, CRC

    /// <summary>The EXIF orientation from an eXIf chunk, 1 when there is none; InvalidImage when a chunk is cut off.</summary>
    public static ushort ReadOrientation(ReadOnlySpan<byte> png)
    {
        long offset = SignatureSize;
        while (offset + ChunkOverhead <= png.Length)
        {
            ReadOnlySpan<byte> chunk = png[(int)offset..];
            long length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            ReadOnlySpan<byte> type = chunk.Slice(4, 4);
            if (offset + ChunkOverhead + length > png.Length)
            {
                throw new ImageRejectedException(FailureReasons.InvalidImage, $"The png image is cut off inside its {System.Text.Encoding.ASCII.GetString(type)} chunk.");
            }

            if (type.SequenceEqual("eXIf"u8))
            {
                return ExifOrientation.Parse(chunk.Slice(8, (int)length));
            }

            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            offset += ChunkOverhead + length;
        }

        return ExifOrientation.Upright;
    }

    /// <summary>
    /// The data of the first <paramref name="type"/> chunk ahead of the image data (where acTL and iCCP must stand), or
    /// an empty span when there is none; never throws, a cut-off file ends the walk.
    /// </summary>
    public static ReadOnlySpan<byte> FindBeforeImageData(ReadOnlySpan<byte> png, ReadOnlySpan<byte> type)
    {
        long offset = SignatureSize;
        while (offset + ChunkOverhead <= png.Length)
        {
            ReadOnlySpan<byte> chunk = png[(int)offset..];
            long length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            ReadOnlySpan<byte> chunkType = chunk.Slice(4, 4);
            if (offset + ChunkOverhead + length > png.Length || chunkType.SequenceEqual("IDAT"u8) || chunkType.SequenceEqual("IEND"u8))
            {
                break;
            }

            if (chunkType.SequenceEqual(type))
            {
                return chunk.Slice(8, (int)length);
            }

            offset += ChunkOverhead + length;
        }

        return [];
    }
}
