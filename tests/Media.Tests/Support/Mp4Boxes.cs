using System.Buffers.Binary;

namespace Cartoon.Media.Tests.Support;

/// <summary>Reads and patches ISO-BMFF boxes, for the faststart check and the lying-header inputs.</summary>
internal static class Mp4Boxes
{
    /// <summary>The top-level box types in file order.</summary>
    public static List<string> TopLevel(byte[] file) => [.. Children(file, 0, file.Length).Select(b => b.Type)];

    /// <summary>
    /// Makes the first track, and the movie, claim <paramref name="factor"/> times their duration: every sample delta
    /// of its stts, its mdhd duration and the mvhd duration are multiplied. The bytes stay a valid MP4.
    /// </summary>
    public static byte[] StretchFirstTrack(byte[] source, uint factor)
    {
        byte[] file = (byte[])source.Clone();
        var moov = Children(file, 0, file.Length).Single(b => b.Type == "moov");
        var mvhd = Children(file, moov.Start + 8, moov.End).Single(b => b.Type == "mvhd");
        Multiply(file, mvhd.Start + 24, factor); // version 0: size, type, version/flags, created, modified, timescale, duration
        var trak = Children(file, moov.Start + 8, moov.End).First(b => b.Type == "trak");
        var mdia = Find(file, trak, "mdia");
        Multiply(file, Find(file, mdia, "mdhd").Start + 24, factor);
        var stts = Find(file, Find(file, Find(file, mdia, "minf"), "stbl"), "stts");
        uint entries = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(stts.Start + 12));
        for (int i = 0; i < entries; i++)
            Multiply(file, stts.Start + 16 + (8 * i) + 4, factor);
        return file;
    }

    private static (int Start, int End, string Type) Find(byte[] file, (int Start, int End, string Type) parent, string type) =>
        Children(file, parent.Start + 8, parent.End).Single(b => b.Type == type);

    private static void Multiply(byte[] file, int offset, uint factor) =>
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(offset), checked(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset)) * factor));

    private static IEnumerable<(int Start, int End, string Type)> Children(byte[] file, int start, int end)
    {
        for (int offset = start; offset + 8 <= end;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(file, offset + 4, 4);
            if (size < 8)
                yield break;
            yield return (offset, offset + size, type);
            offset += size;
        }
    }
}
