using System.Buffers.Binary;

namespace Cartoon.Engine.Imaging;

/// <summary>Magic-byte checks. They decide which single decoder may look at the bytes, so they err on the strict side.</summary>
internal static class FormatSniffer
{
    private static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Gif87 => "GIF87a"u8;
    private static ReadOnlySpan<byte> Gif89 => "GIF89a"u8;
    private static ReadOnlySpan<byte> TiffLittle => [(byte)'I', (byte)'I', 42, 0];
    private static ReadOnlySpan<byte> TiffBig => [(byte)'M', (byte)'M', 0, 42];
    private static ReadOnlySpan<byte> Riff => "RIFF"u8;
    private static ReadOnlySpan<byte> Webp => "WEBP"u8;
    private static ReadOnlySpan<byte> Bmp => "BM"u8;

    /// <summary>Bytes a BMP needs for its signature and DIB header size.</summary>
    private const int BmpSniffLength = 18;

    public static string? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(Jpeg)) return ImageFormatNames.Jpeg;
        if (data.StartsWith(Png)) return ImageFormatNames.Png;
        if (data.StartsWith(Gif87) || data.StartsWith(Gif89)) return ImageFormatNames.Gif;
        if (data.StartsWith(TiffLittle) || data.StartsWith(TiffBig)) return ImageFormatNames.Tiff;
        if (data.Length >= 12 && data.StartsWith(Riff) && data[8..12].SequenceEqual(Webp)) return ImageFormatNames.Webp;
        if (data.Length >= BmpSniffLength && data.StartsWith(Bmp) && IsKnownDibHeaderSize(BinaryPrimitives.ReadUInt32LittleEndian(data[14..]))) return ImageFormatNames.Bmp;
        return null;
    }

    /// <summary>
    /// True when the data stops inside a signature: a file cut off that early is a broken image of a format we read,
    /// not another format. Two or three bytes are needed so that a one-letter text file stays "unsupported".
    /// </summary>
    public static bool IsCutOffSignature(ReadOnlySpan<byte> data) =>
        (data.Length >= 2 && IsProperPrefix(data, Jpeg))
        || (data.Length >= 3 && (IsProperPrefix(data, Png) || IsProperPrefix(data, Gif87) || IsProperPrefix(data, Gif89)
            || IsProperPrefix(data, TiffLittle) || IsProperPrefix(data, TiffBig) || (data.Length < 12 && IsRiffPrefix(data))));

    /// <summary>A hint for people who upload what phones and browsers commonly produce; null when nothing is recognised.</summary>
    public static string? DescribeUnsupported(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8))
        {
            ReadOnlySpan<byte> brand = data[8..12];
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8)) return "AVIF";
            if (brand.StartsWith("hei"u8) || brand.StartsWith("hev"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8)) return "HEIC";
            return "an ISO media file";
        }

        if (data.StartsWith("%PDF"u8)) return "PDF";
        ReadOnlySpan<byte> text = data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? data[3..] : data;
        text = text[..Math.Min(text.Length, 512)].TrimStart(" \t\r\n"u8);
        if (text.StartsWith("<"u8))
        {
            return text.IndexOf("<svg"u8) >= 0 ? "SVG" : "HTML or XML";
        }

        return null;
    }

    private static bool IsRiffPrefix(ReadOnlySpan<byte> data) =>
        data.Length <= Riff.Length ? Riff.StartsWith(data) : data.StartsWith(Riff) && (data.Length <= 8 || Webp.StartsWith(data[8..]));

    private static bool IsProperPrefix(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        data.Length < signature.Length && signature.StartsWith(data);

    // BITMAPCOREHEADER, OS/2 short form, INFO, V2, V3, OS/2 v2, V4, V5.
    private static bool IsKnownDibHeaderSize(uint size) => size is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;
}
