namespace Cartoon.Tests.Shared.Imaging;

/// <summary>
/// Writes a baseline Adobe CMYK JPEG (APP14 transform 0) or YCCK JPEG (transform 2), one flat 8x8 block per colour,
/// DC only. ImageSharp 2.1's encoder cannot write either (ColorType = Cmyk silently produces YCbCr), so the test
/// builds the file itself. Values are given the way Photoshop stores CMYK: inverted, 255 = no ink.
/// </summary>
internal static class CmykJpegWriter
{
    // Annex K luminance DC table, and an AC table holding just EOB (and one filler symbol).
    private static readonly byte[] DcCounts = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcSymbols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] AcCounts = [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] AcSymbols = [0x00, 0x01];
    private const int Quantizer = 8; // makes a flat block's quantised DC exactly (value - 128)

    /// <param name="blocks">Stored (inverted) C, M, Y, K per 8x8 block, left to right.</param>
    public static byte[] Write(IReadOnlyList<(byte C, byte M, byte Y, byte K)> blocks) => Write(blocks, AdobeCmyk);

    /// <summary>
    /// The same colours as <see cref="Write(IReadOnlyList{ValueTuple{byte, byte, byte, byte}})"/>, stored as YCCK: the
    /// decoder turns Y, Cb, Cr into R'G'B' and inverts them (R = (255 − R')·K/255), so R'G'B' = 255 − the stored CMY.
    /// </summary>
    public static byte[] WriteYcck(IReadOnlyList<(byte C, byte M, byte Y, byte K)> blocks) =>
        Write(blocks.Select(b => Ycc((byte)(255 - b.C), (byte)(255 - b.M), (byte)(255 - b.Y), b.K)).ToList(), AdobeYcck);

    private const byte AdobeCmyk = 0;
    private const byte AdobeYcck = 2;

    private static (byte, byte, byte, byte) Ycc(byte r, byte g, byte b, byte k)
    {
        static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
        return (Clamp((0.299 * r) + (0.587 * g) + (0.114 * b)),
            Clamp(128 - (0.168736 * r) - (0.331264 * g) + (0.5 * b)),
            Clamp(128 + (0.5 * r) - (0.418688 * g) - (0.081312 * b)),
            k);
    }

    private static byte[] Write(IReadOnlyList<(byte C, byte M, byte Y, byte K)> blocks, byte transform)
    {
        var output = new List<byte> { 0xFF, 0xD8 };
        Segment(output, 0xEE, [.. "Adobe"u8, 0x00, 0x64, 0, 0, 0, 0, transform]);
        Segment(output, 0xDB, [0x00, .. Enumerable.Repeat((byte)Quantizer, 64)]);
        int width = blocks.Count * 8;
        Segment(output, 0xC0, [8, 0, 8, (byte)(width >> 8), (byte)width, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        Segment(output, 0xC4, [0x00, .. DcCounts, .. DcSymbols, 0x10, .. AcCounts, .. AcSymbols]);
        Segment(output, 0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);

        var dc = Codes(DcCounts, DcSymbols);
        var ac = Codes(AcCounts, AcSymbols);
        var bits = new BitWriter(output);
        var predictors = new int[4];
        foreach (var block in blocks)
        {
            byte[] values = [block.C, block.M, block.Y, block.K];
            for (int component = 0; component < 4; component++)
            {
                int level = values[component] - 128;
                int diff = level - predictors[component];
                predictors[component] = level;
                int category = diff == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(diff));
                bits.Write(dc[category]);
                bits.Write((diff >= 0 ? diff : diff + (1 << category) - 1, category));
                bits.Write(ac[0x00]);
            }
        }

        bits.Flush();
        output.AddRange([0xFF, 0xD9]);
        return [.. output];
    }

    private static void Segment(List<byte> output, byte marker, byte[] payload)
    {
        int length = payload.Length + 2;
        output.AddRange([0xFF, marker, (byte)(length >> 8), (byte)length]);
        output.AddRange(payload);
    }

    /// <summary>Canonical Huffman codes, as a decoder rebuilds them from the counts.</summary>
    private static Dictionary<int, (int Code, int Length)> Codes(byte[] counts, byte[] symbols)
    {
        var codes = new Dictionary<int, (int, int)>();
        int code = 0, next = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < counts[length - 1]; i++)
            {
                codes[symbols[next++]] = (code++, length);
            }

            code <<= 1;
        }

        return codes;
    }

    private sealed class BitWriter(List<byte> output)
    {
        private int accumulator;
        private int count;

        public void Write((int Bits, int Length) code)
        {
            for (int i = code.Length - 1; i >= 0; i--)
            {
                accumulator = (accumulator << 1) | ((code.Bits >> i) & 1);
                if (++count == 8)
                {
                    Emit();
                }
            }
        }

        /// <summary>Pads with 1-bits, as the standard asks.</summary>
        public void Flush()
        {
            while (count != 0)
            {
                Write((1, 1));
            }
        }

        private void Emit()
        {
            output.Add((byte)accumulator);
            if (accumulator == 0xFF)
            {
                output.Add(0x00); // byte stuffing
            }

            accumulator = 0;
            count = 0;
        }
    }
}
