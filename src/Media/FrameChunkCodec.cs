using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media;

/// <summary>
/// A <see cref="FrameChunk"/> as bytes, for storing frames as objects between workers. Lossless: each frame's rows go
/// through PNG's "sub" filter (each byte minus the same channel of the pixel to its left) and Brotli at quality 1,
/// frames in parallel.
/// <para>
/// Chosen by measuring (<c>Cartoon.Bench chunks</c>, bench/results/2026-12-07-0702-chunks.md; 2 shared cores under a
/// load average of 12, so the times are rough) 16 frames of 1280×720 (42.2 MiB raw), encode / decode ms, size:
/// clean frames (the sample portrait panned and zoomed): this codec 490 / 710, 14.4 MiB (34 %); PNG at ImageSharp's
/// fastest level 1407 / 792, 14.6 MiB; sub + zlib fastest 418 / 202, 20.5 MiB; sub + Brotli q0 330 / 400, 15.6 MiB;
/// ffmpeg FFV1 in Matroska 2174 / 1789, 8.9 MiB (21 %). With sensor-like noise: this codec 264 / 420, 24.7 MiB (59 %);
/// PNG 2033 / 821, 27.7 MiB; zlib 834 / 343, 39.2 MiB; Brotli q0 699 / 421, 26.2 MiB; FFV1 3199 / 2786, 23.0 MiB.
/// FFV1 is the smallest but 4–10× slower, and every worker reading a chunk would need ffmpeg; zlib is a third larger;
/// this codec is PNG's size or smaller at a third of its encode time.
/// </para>
/// <para>
/// Layout (little-endian): "CFCK", version 1, codec 1, 2 reserved bytes; first frame index, frame count, width, height
/// (int32 each); the compressed length of each frame (uint32); the frames' Brotli streams.
/// </para>
/// </summary>
public static class FrameChunkCodec
{
    public const string ContentType = "application/vnd.cartoon.frames";

    private const int HeaderSize = 24;
    private const byte Version = 1;
    private const byte SubBrotli = 1;
    private const int BrotliQuality = 1;
    private const int BrotliWindow = 22;
    private const int MaxSide = 16384;
    private const int MaxFrames = 4096;

    public static byte[] Encode(FrameChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        // Each frame is compressed into a pooled buffer and copied once, into the chunk.
        var compressed = new (byte[] Buffer, int Length)[chunk.Count];
        int rowBytes = chunk.Width * 3;
        try
        {
            Parallel.For(0, chunk.Count, i => compressed[i] = EncodeFrame(chunk.Frames[i], rowBytes));
            return Pack(chunk, compressed);
        }
        finally
        {
            foreach (var (buffer, _) in compressed)
                if (buffer is not null)
                    ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Pack(FrameChunk chunk, (byte[] Buffer, int Length)[] compressed)
    {
        var output = new byte[HeaderSize + (4 * chunk.Count) + compressed.Sum(c => (long)c.Length)];
        Span<byte> span = output;
        "CFCK"u8.CopyTo(span);
        span[4] = Version;
        span[5] = SubBrotli;
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], chunk.FirstFrameIndex);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], chunk.Count);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], chunk.Width);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], chunk.Height);
        int offset = HeaderSize + (4 * chunk.Count);
        for (int i = 0; i < chunk.Count; i++)
        {
            var (buffer, length) = compressed[i];
            BinaryPrimitives.WriteUInt32LittleEndian(span[(HeaderSize + (4 * i))..], (uint)length);
            buffer.AsSpan(0, length).CopyTo(span[offset..]);
            offset += length;
        }

        return output;
    }

    /// <summary>The chunk <paramref name="data"/> holds; <see cref="InvalidDataException"/> when it is not one this codec wrote.</summary>
    public static FrameChunk Decode(ReadOnlyMemory<byte> data)
    {
        ReadOnlySpan<byte> span = data.Span;
        if (span.Length < HeaderSize || !span[..4].SequenceEqual("CFCK"u8))
            throw new InvalidDataException("Not a frame chunk.");
        if (span[4] != Version || span[5] != SubBrotli)
            throw new InvalidDataException($"Frame chunk version {span[4]} codec {span[5]} is not supported.");
        int first = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        int width = BinaryPrimitives.ReadInt32LittleEndian(span[16..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        if (first < 0 || count is < 1 or > MaxFrames || width is < 1 or > MaxSide || height is < 1 or > MaxSide
            || span.Length < HeaderSize + (4L * count))
            throw new InvalidDataException($"Frame chunk header is out of range ({count} frames of {width}×{height} from {first}).");

        var ranges = new (int Offset, int Length)[count];
        long offset = HeaderSize + (4L * count);
        for (int i = 0; i < count; i++)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(span[(HeaderSize + (4 * i))..]);
            if (offset + length > span.Length)
                throw new InvalidDataException($"Frame chunk is truncated at frame {i}.");
            ranges[i] = ((int)offset, (int)length);
            offset += length;
        }

        var frames = new Image<Rgb24>[count];
        try
        {
            Parallel.For(0, count, i => frames[i] = DecodeFrame(data.Slice(ranges[i].Offset, ranges[i].Length).Span, width, height));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is InvalidDataException))
        {
            foreach (Image<Rgb24>? frame in frames)
                frame?.Dispose();
            throw ex.InnerExceptions[0];
        }

        return new FrameChunk(first, frames);
    }

    /// <summary>The frame filtered and compressed into a pooled buffer the caller returns.</summary>
    private static (byte[] Buffer, int Length) EncodeFrame(Image<Rgb24> frame, int rowBytes)
    {
        int bytes = rowBytes * frame.Height;
        byte[] pixels = ArrayPool<byte>.Shared.Rent(bytes);
        byte[] filtered = ArrayPool<byte>.Shared.Rent(bytes);
        byte[] packed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(bytes));
        try
        {
            frame.CopyPixelDataTo(pixels.AsSpan(0, bytes));
            for (int row = 0; row < frame.Height; row++)
                SubFilter(pixels.AsSpan(row * rowBytes, rowBytes), filtered.AsSpan(row * rowBytes, rowBytes));
            if (!BrotliEncoder.TryCompress(filtered.AsSpan(0, bytes), packed, out int written, BrotliQuality, BrotliWindow))
                throw new InvalidOperationException("Brotli could not compress a frame into its worst-case size.");
            return (packed, written);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(packed);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pixels);
            ArrayPool<byte>.Shared.Return(filtered);
        }
    }

    private static Image<Rgb24> DecodeFrame(ReadOnlySpan<byte> compressed, int width, int height)
    {
        int rowBytes = width * 3, bytes = rowBytes * height;
        byte[] pixels = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            using var decoder = new BrotliDecoder();
            OperationStatus status = decoder.Decompress(compressed, pixels.AsSpan(0, bytes), out int consumed, out int written);
            if (status != OperationStatus.Done || written != bytes || consumed != compressed.Length)
                throw new InvalidDataException($"A frame of the chunk does not decompress to {width}×{height} RGB.");
            for (int row = 0; row < height; row++)
                UnSubFilter(pixels.AsSpan(row * rowBytes, rowBytes));
            return Image.LoadPixelData<Rgb24>(pixels.AsSpan(0, bytes), width, height);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    /// <summary>target[x] = source[x] − source[x − 3]; reads only the source, so it runs in vectors.</summary>
    private static void SubFilter(ReadOnlySpan<byte> source, Span<byte> target)
    {
        int length = Math.Min(3, source.Length);
        source[..length].CopyTo(target);
        int x = 3;
        if (Vector.IsHardwareAccelerated)
        {
            for (; x + Vector<byte>.Count <= source.Length; x += Vector<byte>.Count)
                (new Vector<byte>(source[x..]) - new Vector<byte>(source[(x - 3)..])).CopyTo(target[x..]);
        }

        for (; x < source.Length; x++)
            target[x] = (byte)(source[x] - source[x - 3]);
    }

    /// <summary>The inverse, in place: a running sum per channel.</summary>
    private static void UnSubFilter(Span<byte> row)
    {
        for (int x = 3; x < row.Length; x++)
            row[x] += row[x - 3];
    }
}
