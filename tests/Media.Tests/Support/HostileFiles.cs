using System.Buffers.Binary;

namespace Cartoon.Media.Tests.Support;

/// <summary>Hostile inputs, made in the test from the clips (no binary fixtures in the repo).</summary>
internal static class HostileFiles
{
    /// <summary>
    /// A GIF whose logical screen claims <paramref name="side"/>×<paramref name="side"/>, holding 1×1 frames (of 10 cs,
    /// or <paramref name="delaysCs"/>) at 0,0: colour 0 (black), which <paramref name="transparent"/> marks as transparent,
    /// or colour 1 (white) in odd frames with <paramref name="alternate"/>.
    /// </summary>
    public static byte[] Gif(int side, int frames, bool transparent = false, int[]? delaysCs = null, bool alternate = false)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([(byte)side, (byte)(side >> 8), (byte)side, (byte)(side >> 8), 0x80, 0, 0]);
        gif.AddRange([0, 0, 0, 255, 255, 255]); // two-colour global table
        for (int i = 0; i < frames; i++)
        {
            int delay = delaysCs?[i] ?? 10;
            gif.AddRange([0x21, 0xF9, 0x04, (byte)(transparent ? 0x01 : 0x00), (byte)delay, (byte)(delay >> 8), 0, 0]); // transparent index 0
            gif.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]); // 1×1 at 0,0
            // LZW, 2-bit minimum code size: clear (4), the colour, end (5), in 3-bit codes.
            gif.AddRange(alternate && i % 2 == 1 ? [0x02, 0x02, 0x4C, 0x01, 0x00] : [0x02, 0x02, 0x44, 0x01, 0x00]);
        }

        gif.Add(0x3B);
        return [.. gif];
    }

    /// <summary>The first <paramref name="fraction"/> of <paramref name="path"/>'s bytes.</summary>
    public static byte[] Truncated(string path, double fraction)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return bytes[..(int)(bytes.Length * fraction)];
    }

    /// <summary>An animated WebP with its ANMF durations replaced, in order.</summary>
    public static byte[] WebpWithDelays(string path, IReadOnlyList<int> delaysMs)
    {
        byte[] file = File.ReadAllBytes(path);
        int frame = 0;
        for (int offset = 12; offset + 8 <= file.Length;)
        {
            int size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset + 4));
            if (file.AsSpan(offset, 4).SequenceEqual("ANMF"u8))
            {
                int delay = delaysMs[frame++ % delaysMs.Count];
                file[offset + 8 + 12] = (byte)delay;
                file[offset + 8 + 13] = (byte)(delay >> 8);
                file[offset + 8 + 14] = (byte)(delay >> 16);
            }

            offset += 8 + size + (size & 1);
        }

        return file;
    }

    /// <summary>An animated WebP whose first lossless frame's bitstream has a broken signature byte (its headers intact).</summary>
    public static byte[] WebpWithCorruptFrame(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int vp8l = file.AsSpan().IndexOf("VP8L"u8);
        file[vp8l + 8] = 0x00; // the VP8L signature, 0x2F
        return file;
    }
}
