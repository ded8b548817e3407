using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Cartoon.Media.Webp;

/// <summary>
/// The canvas and frames of an animated WebP, read from chunk headers only (RIFF, VP8X, ANMF), without decoding. Each
/// frame is checked against the canvas; the canvas itself is judged later by <see cref="VideoLimits"/>, so nothing here
/// allocates by what the file claims.
/// </summary>
internal sealed class AnimatedWebpIndex
{
    /// <summary>
    /// Frames indexed at most: 24 bytes of file make an ANMF chunk, so a 200 MiB file could list millions. 100 000 frames
    /// is over half an hour at 50 fps, far past any sane limit.
    /// </summary>
    public const int MaxFrames = 100_000;

    private const int RiffHeaderSize = 12;
    private const int ChunkHeaderSize = 8;
    private const int Vp8xPayloadSize = 10;
    private const int AnmfHeaderSize = 16;

    private AnimatedWebpIndex(int canvasWidth, int canvasHeight, IReadOnlyList<WebpFrame> frames)
    {
        CanvasWidth = canvasWidth;
        CanvasHeight = canvasHeight;
        Frames = frames;
    }

    public int CanvasWidth { get; }

    public int CanvasHeight { get; }

    public IReadOnlyList<WebpFrame> Frames { get; }

    /// <summary>Indexes <paramref name="file"/>; refuses (<see cref="MediaRejectedException"/>) a truncated or malformed one.</summary>
    public static AnimatedWebpIndex Read(SafeFileHandle file)
    {
        long length = RandomAccess.GetLength(file);
        Span<byte> header = stackalloc byte[RiffHeaderSize + ChunkHeaderSize + Vp8xPayloadSize];
        if (RandomAccess.Read(file, header, 0) < header.Length
            || !header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WEBP"u8) || !header[12..16].SequenceEqual("VP8X"u8))
            throw Invalid("its WebP header is cut off or malformed");
        long riffEnd = ChunkHeaderSize + (long)BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (riffEnd > length)
            throw Invalid($"it is truncated: the RIFF header declares {riffEnd} bytes, the file has {length}");
        int canvasWidth = ReadUInt24(header[24..]) + 1;
        int canvasHeight = ReadUInt24(header[27..]) + 1;

        var frames = new List<WebpFrame>();
        Span<byte> chunk = stackalloc byte[ChunkHeaderSize + AnmfHeaderSize];
        long offset = RiffHeaderSize;
        while (offset + ChunkHeaderSize <= riffEnd)
        {
            RandomAccess.Read(file, chunk[..ChunkHeaderSize], offset);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            long end = offset + ChunkHeaderSize + size;
            if (end > riffEnd)
                throw Invalid($"it is truncated: a {System.Text.Encoding.ASCII.GetString(chunk[..4])} chunk runs past the end of the file");
            if (chunk[..4].SequenceEqual("ANMF"u8))
            {
                if (size < AnmfHeaderSize)
                    throw Invalid("an animation frame's header is cut off");
                if (frames.Count == MaxFrames)
                    throw new MediaRejectedException(MediaRefusal.TooLarge(MediaRefusalCodes.TooManyFrames,
                        $"The animation has more than {MaxFrames} frames."));
                RandomAccess.Read(file, chunk[ChunkHeaderSize..], offset + ChunkHeaderSize);
                frames.Add(Frame(chunk[ChunkHeaderSize..], offset + ChunkHeaderSize + AnmfHeaderSize, (int)(size - AnmfHeaderSize), canvasWidth, canvasHeight, frames.Count));
            }

            offset = end + (size & 1);
        }

        if (frames.Count == 0)
            throw Invalid("it is marked animated but has no frames");
        return new AnimatedWebpIndex(canvasWidth, canvasHeight, frames);
    }

    private static WebpFrame Frame(ReadOnlySpan<byte> anmf, long dataOffset, int dataLength, int canvasWidth, int canvasHeight, int index)
    {
        int x = ReadUInt24(anmf) * 2, y = ReadUInt24(anmf[3..]) * 2;
        int width = ReadUInt24(anmf[6..]) + 1, height = ReadUInt24(anmf[9..]) + 1;
        if ((long)x + width > canvasWidth || (long)y + height > canvasHeight)
            throw Invalid($"frame {index} ({width}×{height} at {x},{y}) lies outside the {canvasWidth}×{canvasHeight} canvas");
        byte flags = anmf[15];
        // Bit 1 set means "do not blend"; bit 0 set means "dispose to background".
        return new WebpFrame(x, y, width, height, ReadUInt24(anmf[12..]), (flags & 0x02) == 0, (flags & 0x01) != 0, dataOffset, dataLength);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    private static MediaRejectedException Invalid(string why) =>
        new(MediaRefusal.Invalid($"The animated WebP cannot be read: {why}."));
}
