using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Imaging;

/// <summary>Where the first frame of an animated WebP sits, as chunk ranges of the file.</summary>
internal readonly record struct WebpFrameLayout(
    int CanvasWidth,
    int CanvasHeight,
    int X,
    int Y,
    int Width,
    int Height,
    Range Alpha,
    Range Bitstream);

/// <summary>
/// ImageSharp 2.1 refuses animated WebP outright. Rather than decode every frame, this cuts the first frame's
/// bitstream out into a still WebP, decodes that, and places it on the canvas.
/// </summary>
internal static class AnimatedWebp
{
    private const int RiffHeaderSize = 12;
    private const int ChunkHeaderSize = 8;
    private const int Vp8xPayloadSize = 10;
    private const int AnmfHeaderSize = 16;
    private const byte AnimationFlag = 0x02;
    private const byte AlphaFlag = 0x10;

    /// <summary>True for a WebP whose VP8X chunk sets the animation flag.</summary>
    public static bool IsAnimated(ReadOnlySpan<byte> file) =>
        file.Length >= RiffHeaderSize + ChunkHeaderSize + Vp8xPayloadSize
        && file[RiffHeaderSize..(RiffHeaderSize + 4)].SequenceEqual("VP8X"u8)
        && (file[RiffHeaderSize + ChunkHeaderSize] & AnimationFlag) != 0;

    /// <summary>Reads the canvas and finds the first ANMF frame with a bitstream; throws InvalidImage when there is none.</summary>
    public static WebpFrameLayout ReadFirstFrame(ReadOnlySpan<byte> file)
    {
        ReadOnlySpan<byte> vp8x = file.Slice(RiffHeaderSize + ChunkHeaderSize, Vp8xPayloadSize);
        int canvasWidth = ReadUInt24(vp8x[4..]) + 1;
        int canvasHeight = ReadUInt24(vp8x[7..]) + 1;

        var chunks = WebpChunks.TopLevel(file);
        while (chunks.TryNext(out ReadOnlySpan<byte> fourCc, out Range chunk))
        {
            if (!fourCc.SequenceEqual("ANMF"u8))
            {
                continue;
            }

            ReadOnlySpan<byte> frame = file[chunk][ChunkHeaderSize..];
            if (frame.Length < AnmfHeaderSize)
            {
                throw Invalid("its first animation frame header is cut off");
            }

            int x = ReadUInt24(frame) * 2, y = ReadUInt24(frame[3..]) * 2;
            int width = ReadUInt24(frame[6..]) + 1, height = ReadUInt24(frame[9..]) + 1;
            if (x + width > canvasWidth || y + height > canvasHeight)
            {
                throw Invalid($"its first animation frame ({width}x{height} at {x},{y}) lies outside the {canvasWidth}x{canvasHeight} canvas");
            }

            int frameDataStart = chunk.Start.Value + ChunkHeaderSize + AnmfHeaderSize;
            Range alpha = default;
            var frameChunks = new RiffChunkReader(file[..chunk.End], frameDataStart);
            while (frameChunks.TryNext(out ReadOnlySpan<byte> subFourCc, out Range subChunk))
            {
                if (subFourCc.SequenceEqual("ALPH"u8))
                {
                    alpha = subChunk;
                }
                else if (subFourCc.SequenceEqual("VP8 "u8))
                {
                    return new WebpFrameLayout(canvasWidth, canvasHeight, x, y, width, height, alpha, subChunk);
                }
                else if (subFourCc.SequenceEqual("VP8L"u8))
                {
                    // Lossless carries its own alpha; an ALPH chunk beside it is meaningless.
                    return new WebpFrameLayout(canvasWidth, canvasHeight, x, y, width, height, default, subChunk);
                }
            }

            throw Invalid("its first animation frame has no VP8/VP8L bitstream");
        }

        throw Invalid("it is animated but has no frames");
    }

    /// <summary>Decodes the first frame onto a transparent canvas of the animation's size.</summary>
    public static Image<Rgba32> DecodeFirstFrame(ReadOnlySpan<byte> file, CancellationToken cancellationToken)
    {
        WebpFrameLayout layout = ReadFirstFrame(file);
        using var still = new MemoryStream(ToStill(file, layout), writable: false);
        Configuration configuration = DecoderConfiguration.Instance;

        // The bitstream carries its own size; it must agree with the ANMF header before anything is allocated for it.
        IImageInfo? info = DecoderConfiguration.Detector(ImageFormatNames.Webp).Identify(configuration, still, cancellationToken);
        if (info is null || info.Width != layout.Width || info.Height != layout.Height)
        {
            throw Invalid($"its first frame's bitstream is not the {layout.Width}x{layout.Height} its header declares");
        }

        still.Position = 0;
        Image<Rgba32> frame = DecoderConfiguration.Decoder(ImageFormatNames.Webp).Decode<Rgba32>(configuration, still, cancellationToken);
        if (layout.Width == layout.CanvasWidth && layout.Height == layout.CanvasHeight)
        {
            return frame;
        }

        using (frame)
        {
            var canvas = new Image<Rgba32>(configuration, layout.CanvasWidth, layout.CanvasHeight);
            frame.ProcessPixelRows(canvas, (source, target) =>
            {
                for (int row = 0; row < source.Height; row++)
                {
                    source.GetRowSpan(row).CopyTo(target.GetRowSpan(layout.Y + row)[layout.X..]);
                }
            });
            return canvas;
        }
    }

    /// <summary>RIFF + (VP8X + ALPH when the frame is lossy with alpha) + the frame's bitstream chunk.</summary>
    private static byte[] ToStill(ReadOnlySpan<byte> file, WebpFrameLayout layout)
    {
        ReadOnlySpan<byte> alpha = file[layout.Alpha];
        ReadOnlySpan<byte> bitstream = file[layout.Bitstream];
        int vp8xSize = alpha.IsEmpty ? 0 : ChunkHeaderSize + Vp8xPayloadSize;
        int alphaSize = Padded(alpha.Length), bitstreamSize = Padded(bitstream.Length);
        var still = new byte[RiffHeaderSize + vp8xSize + alphaSize + bitstreamSize];

        "RIFF"u8.CopyTo(still);
        BinaryPrimitives.WriteInt32LittleEndian(still.AsSpan(4), still.Length - ChunkHeaderSize);
        "WEBP"u8.CopyTo(still.AsSpan(8));
        Span<byte> rest = still.AsSpan(RiffHeaderSize);
        if (!alpha.IsEmpty)
        {
            "VP8X"u8.CopyTo(rest);
            BinaryPrimitives.WriteInt32LittleEndian(rest[4..], Vp8xPayloadSize);
            rest[ChunkHeaderSize] = AlphaFlag;
            WriteUInt24(rest[(ChunkHeaderSize + 4)..], layout.Width - 1);
            WriteUInt24(rest[(ChunkHeaderSize + 7)..], layout.Height - 1);
            rest = rest[vp8xSize..];
            alpha.CopyTo(rest);
            rest = rest[alphaSize..];
        }

        bitstream.CopyTo(rest);
        return still;
    }

    private static int Padded(int length) => length + (length & 1);

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    private static void WriteUInt24(Span<byte> bytes, int value)
    {
        bytes[0] = (byte)value;
        bytes[1] = (byte)(value >> 8);
        bytes[2] = (byte)(value >> 16);
    }

    private static ImageRejectedException Invalid(string why) => WebpChunks.Invalid(why);
}
