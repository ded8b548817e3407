using System.Buffers.Binary;

namespace Cartoon.Engine.Imaging;

/// <summary>Whether an input has more than one frame, read from its structure without decoding a pixel.</summary>
internal static class AnimationProbe
{
    public static bool HasLaterFrames(string format, ReadOnlySpan<byte> file) => format switch
    {
        ImageFormatNames.Gif => GifFrames(file) > 1,
        ImageFormatNames.Png => ApngFrames(file) > 1,
        ImageFormatNames.Webp => AnimatedWebp.IsAnimated(file),
        _ => false,
    };

    /// <summary>Image descriptors of a GIF, counting up to two; a cut-off file counts what it holds.</summary>
    internal static int GifFrames(ReadOnlySpan<byte> gif)
    {
        const int screenEnd = 13; // "GIF89a" + logical screen descriptor
        if (gif.Length < screenEnd)
            return 0;
        var offset = screenEnd;
        if ((gif[10] & 0x80) != 0)
            offset += 3 << ((gif[10] & 0x07) + 1);
        var frames = 0;
        while (offset < gif.Length && frames < 2)
        {
            switch (gif[offset])
            {
                case 0x21: // extension: label, then data sub-blocks
                    offset = SkipSubBlocks(gif, offset + 2);
                    break;
                case 0x2C: // image descriptor (10 bytes), local colour table, LZW code size, data sub-blocks
                    frames++;
                    if (offset + 10 > gif.Length)
                        return frames;
                    var packed = gif[offset + 9];
                    offset += 10;
                    if ((packed & 0x80) != 0)
                        offset += 3 << ((packed & 0x07) + 1);
                    offset = SkipSubBlocks(gif, offset + 1);
                    break;
                default: // 0x3B trailer, or bytes that are no block
                    return frames;
            }
        }
        return frames;
    }

    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int offset)
    {
        while (offset < gif.Length && gif[offset] != 0)
            offset += gif[offset] + 1;
        return offset + 1;
    }

    /// <summary>num_frames of an APNG's acTL chunk, or 1 for a still PNG.</summary>
    internal static uint ApngFrames(ReadOnlySpan<byte> png) =>
        PngChunks.FindBeforeImageData(png, "acTL"u8) is { Length: >= 8 } actl ? BinaryPrimitives.ReadUInt32BigEndian(actl) : 1;
}
