using System.Buffers.Binary;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// Checks a WebP's chunk sizes before ImageSharp sees them: its 2.1 decoder allocates a metadata chunk's declared
/// size up front, so a 40-byte file declaring a 1 GB EXIF chunk would cost 1 GB.
/// </summary>
internal static class WebpChunks
{
    private const int RiffHeaderSize = 12;

    /// <summary>
    /// Bytes up to the end the RIFF header declares. Only these reach ImageSharp: past the RIFF end it would parse
    /// trailing bytes as chunks that nothing here has checked.
    /// </summary>
    public static int RiffLength(ReadOnlySpan<byte> file) =>
        (int)Math.Min(8L + BinaryPrimitives.ReadUInt32LittleEndian(file[4..]), file.Length);

    public static RiffChunkReader TopLevel(ReadOnlySpan<byte> file) =>
        new(file[..RiffLength(file)], RiffHeaderSize);

    /// <summary>Throws InvalidImage when any top-level chunk claims more bytes than the file holds.</summary>
    public static void EnsureChunksFit(ReadOnlySpan<byte> file)
    {
        var chunks = TopLevel(file);
        while (chunks.TryNext(out _, out _))
        {
        }
    }

    public static ImageRejectedException Invalid(string why) =>
        new(FailureReasons.InvalidImage, $"The webp image could not be read: {why}.");
}

/// <summary>Walks RIFF chunks without allocating; a chunk that runs past the data is an invalid image.</summary>
internal ref struct RiffChunkReader(ReadOnlySpan<byte> data, int start)
{
    private const int HeaderSize = 8;
    private readonly ReadOnlySpan<byte> data = data;
    private long offset = start;

    /// <summary>The next chunk's four-character code and its range (header included, padding excluded).</summary>
    public bool TryNext(out ReadOnlySpan<byte> fourCc, out Range chunk)
    {
        if (offset + HeaderSize > data.Length)
        {
            fourCc = default;
            chunk = default;
            return false;
        }

        ReadOnlySpan<byte> header = data.Slice((int)offset, HeaderSize);
        long end = offset + HeaderSize + BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (end > data.Length)
        {
            throw WebpChunks.Invalid("a chunk runs past the end of the file");
        }

        fourCc = header[..4];
        chunk = new Range((int)offset, (int)end);
        offset = end + ((end - offset) & 1);
        return true;
    }
}
