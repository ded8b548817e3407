using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Webp;

/// <summary>
/// Plays an animated WebP frame by frame onto its canvas, per the WebP container spec: each ANMF frame's bitstream is
/// cut out into a still WebP that ImageSharp 2.1 decodes (it refuses animations whole), then alpha-blended or copied
/// onto the canvas, whose rectangle is cleared to transparent afterwards when the frame says so. The canvas starts
/// transparent (the ANIM background colour is a hint viewers ignore; so does libwebp's own decoder).
/// </summary>
internal sealed class AnimatedWebpCanvas : IDisposable
{
    private const int ChunkHeaderSize = 8;

    private static readonly WebpDecoder Decoder = new();

    private readonly SafeFileHandle file;
    private readonly AnimatedWebpIndex index;
    private int current = -1;

    public AnimatedWebpCanvas(SafeFileHandle file, AnimatedWebpIndex index)
    {
        this.file = file;
        this.index = index;
        Canvas = new Image<Rgba32>(index.CanvasWidth, index.CanvasHeight);
    }

    /// <summary>The canvas as it shows after the frames played so far.</summary>
    public Image<Rgba32> Canvas { get; }

    /// <summary>The source frame the canvas shows; -1 before the first.</summary>
    public int Current => current;

    /// <summary>Plays frames until the canvas shows frame <paramref name="frame"/> (never backwards).</summary>
    public void PlayTo(int frame, CancellationToken cancellationToken)
    {
        while (current < frame)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (current >= 0 && index.Frames[current].DisposeToBackground)
                Clear(index.Frames[current]);
            current++;
            Draw(index.Frames[current], current, cancellationToken);
        }
    }

    public void Dispose() => Canvas.Dispose();

    private void Draw(WebpFrame frame, int number, CancellationToken cancellationToken)
    {
        using Image<Rgba32> picture = Decode(frame, number, cancellationToken);
        for (int y = 0; y < frame.Height; y++)
        {
            Span<Rgba32> source = picture.DangerousGetPixelRowMemory(y).Span;
            Span<Rgba32> target = Canvas.DangerousGetPixelRowMemory(frame.Y + y).Span.Slice(frame.X, frame.Width);
            if (!frame.Blend)
            {
                source.CopyTo(target);
                continue;
            }

            for (int x = 0; x < source.Length; x++)
                target[x] = Blend(source[x], target[x]);
        }
    }

    private void Clear(WebpFrame frame)
    {
        for (int y = 0; y < frame.Height; y++)
            Canvas.DangerousGetPixelRowMemory(frame.Y + y).Span.Slice(frame.X, frame.Width).Clear();
    }

    /// <summary>Non-premultiplied "source over", in libwebp's integer arithmetic (BlendPixelNonPremult).</summary>
    private static Rgba32 Blend(Rgba32 src, Rgba32 dst)
    {
        if (src.A == 255)
            return src;
        if (src.A == 0)
            return dst;
        int dstFactor = (dst.A * (256 - src.A)) >> 8;
        int alpha = src.A + dstFactor;
        uint scale = (1u << 24) / (uint)alpha;
        return new Rgba32(
            Channel(src.R, dst.R, src.A, dstFactor, scale),
            Channel(src.G, dst.G, src.A, dstFactor, scale),
            Channel(src.B, dst.B, src.A, dstFactor, scale),
            (byte)alpha);
    }

    private static byte Channel(byte src, byte dst, int srcAlpha, int dstFactor, uint scale) =>
        (byte)((((uint)((src * srcAlpha) + (dst * dstFactor))) * scale) >> 24);

    private Image<Rgba32> Decode(WebpFrame frame, int number, CancellationToken cancellationToken)
    {
        var data = new byte[frame.DataLength];
        if (RandomAccess.Read(file, data, frame.DataOffset) < data.Length)
            throw Invalid(number, "its data is cut off");
        using var still = new MemoryStream(ToStill(data, frame, number), writable: false);
        try
        {
            // The bitstream carries its own size; it must be the ANMF header's before anything is allocated for it.
            IImageInfo info = Decoder.Identify(Configuration.Default, still, cancellationToken);
            if (info is null || info.Width != frame.Width || info.Height != frame.Height)
                throw Invalid(number, $"its bitstream is not the {frame.Width}×{frame.Height} its header declares");
            still.Position = 0;
            return Decoder.Decode<Rgba32>(Configuration.Default, still, cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or MediaRejectedException or OutOfMemoryException))
        {
            // Whatever a malformed bitstream makes the decoder throw (format errors, and index errors from deep inside
            // it) is the file's fault.
            throw Invalid(number, ex.Message);
        }
    }

    /// <summary>RIFF + (VP8X + ALPH when a lossy frame has alpha) + the frame's VP8 or VP8L chunk.</summary>
    private static byte[] ToStill(ReadOnlySpan<byte> data, WebpFrame frame, int number)
    {
        ReadOnlySpan<byte> alpha = default, bitstream = default;
        bool lossless = false;
        for (int offset = 0; offset + ChunkHeaderSize <= data.Length;)
        {
            ReadOnlySpan<byte> fourCc = data.Slice(offset, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 4)..]);
            if (offset + ChunkHeaderSize + size > data.Length)
                throw Invalid(number, "a chunk inside it runs past its end");
            ReadOnlySpan<byte> whole = data.Slice(offset, ChunkHeaderSize + (int)size);
            if (fourCc.SequenceEqual("ALPH"u8))
            {
                alpha = whole;
            }
            else if (fourCc.SequenceEqual("VP8 "u8) || fourCc.SequenceEqual("VP8L"u8))
            {
                bitstream = whole;
                lossless = fourCc[3] == (byte)'L';
                break;
            }

            offset += ChunkHeaderSize + (int)size + (int)(size & 1);
        }

        if (bitstream.IsEmpty)
            throw Invalid(number, "it has no VP8/VP8L bitstream");
        if (lossless)
            alpha = default; // VP8L carries its own alpha; an ALPH chunk beside it means nothing.

        const int vp8xSize = ChunkHeaderSize + 10;
        int alphaSize = Padded(alpha.Length), bitstreamSize = Padded(bitstream.Length);
        var still = new byte[12 + (alpha.IsEmpty ? 0 : vp8xSize + alphaSize) + bitstreamSize];
        "RIFF"u8.CopyTo(still);
        BinaryPrimitives.WriteInt32LittleEndian(still.AsSpan(4), still.Length - ChunkHeaderSize);
        "WEBP"u8.CopyTo(still.AsSpan(8));
        Span<byte> rest = still.AsSpan(12);
        if (!alpha.IsEmpty)
        {
            "VP8X"u8.CopyTo(rest);
            BinaryPrimitives.WriteInt32LittleEndian(rest[4..], 10);
            rest[ChunkHeaderSize] = 0x10; // alpha flag
            WriteUInt24(rest[(ChunkHeaderSize + 4)..], frame.Width - 1);
            WriteUInt24(rest[(ChunkHeaderSize + 7)..], frame.Height - 1);
            alpha.CopyTo(rest[vp8xSize..]);
            rest = rest[(vp8xSize + alphaSize)..];
        }

        bitstream.CopyTo(rest);
        return still;
    }

    private static int Padded(int length) => length + (length & 1);

    private static void WriteUInt24(Span<byte> bytes, int value)
    {
        bytes[0] = (byte)value;
        bytes[1] = (byte)(value >> 8);
        bytes[2] = (byte)(value >> 16);
    }

    private static MediaRejectedException Invalid(int frame, string why) =>
        new(MediaRefusal.Invalid($"The animated WebP cannot be read: frame {frame}: {why}."));
}
