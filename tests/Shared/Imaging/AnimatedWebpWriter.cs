using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Tests.Shared.Imaging;

/// <summary>
/// Builds an animated WebP (VP8X + ANIM + ANMF...) from stills that ImageSharp encodes. ImageSharp 2.1 can neither
/// write nor read animation, so the container is assembled by hand per the WebP container spec.
/// </summary>
internal static class AnimatedWebpWriter
{
    public sealed record Frame(Image<Rgba32> Image, int X, int Y, bool Lossless);

    public static byte[] Write(int canvasWidth, int canvasHeight, params Frame[] frames)
    {
        var body = new List<byte>();
        var vp8x = new List<byte> { 0x02 | 0x10, 0, 0, 0 };
        UInt24(vp8x, canvasWidth - 1);
        UInt24(vp8x, canvasHeight - 1);
        Chunk(body, "VP8X", vp8x);
        Chunk(body, "ANIM", [255, 255, 255, 255, 0, 0]);
        foreach (Frame frame in frames)
        {
            var anmf = new List<byte>();
            UInt24(anmf, frame.X / 2);
            UInt24(anmf, frame.Y / 2);
            UInt24(anmf, frame.Image.Width - 1);
            UInt24(anmf, frame.Image.Height - 1);
            UInt24(anmf, 100);
            anmf.Add(0);
            anmf.AddRange(FrameChunks(frame));
            Chunk(body, "ANMF", anmf);
        }

        var file = new List<byte>();
        file.AddRange("RIFF"u8.ToArray());
        file.AddRange(BitConverter.GetBytes(body.Count + 4));
        file.AddRange("WEBP"u8.ToArray());
        file.AddRange(body);
        return [.. file];
    }

    /// <summary>The still's chunks after the RIFF header, minus its VP8X (ALPH + VP8, or VP8L).</summary>
    private static byte[] FrameChunks(Frame frame)
    {
        var encoder = new WebpEncoder { FileFormat = frame.Lossless ? WebpFileFormatType.Lossless : WebpFileFormatType.Lossy, Quality = 95 };
        using var encoded = new MemoryStream();
        frame.Image.Save(encoded, encoder);
        byte[] still = encoded.ToArray()[12..];
        if (still.AsSpan(0, 4).SequenceEqual("VP8X"u8))
        {
            still = still[(8 + BinaryPrimitives.ReadInt32LittleEndian(still.AsSpan(4)))..];
        }

        return still;
    }

    private static void Chunk(List<byte> output, string fourCc, List<byte> payload)
    {
        output.AddRange(System.Text.Encoding.ASCII.GetBytes(fourCc));
        output.AddRange(BitConverter.GetBytes(payload.Count));
        output.AddRange(payload);
        if (payload.Count % 2 == 1)
        {
            output.Add(0);
        }
    }

    private static void UInt24(List<byte> output, int value) =>
        output.AddRange([(byte)value, (byte)(value >> 8), (byte)(value >> 16)]);
}
