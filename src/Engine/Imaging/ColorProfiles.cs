using System.Buffers.Binary;
using System.IO.Compression;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// Whether an input's embedded colour profile is one the pipeline loses. The nets take and give sRGB-like pixels and
/// the output carries no profile, so a Display P3 or Adobe RGB photo comes out with shifted colours; an sRGB
/// profile (what most cameras and phones embed) loses nothing.
/// </summary>
internal static class ColorProfiles
{
    /// <summary>Inflated iCCP profiles above this are not read (real ones are a few KiB; 4 MiB is the ICC maximum in practice).</summary>
    private const int MaxProfileBytes = 4 * 1024 * 1024;

    public static bool IsLost(IccProfile? profile) => profile is not null && IsLost(profile.ToByteArray());

    /// <summary>Whether raw ICC profile bytes describe anything but sRGB (an unreadable profile is lost all the same).</summary>
    public static bool IsLost(ReadOnlySpan<byte> icc) => !IsSrgb(Description(icc));

    /// <summary>The profile of a PNG's iCCP chunk, or null when there is none or it cannot be read.</summary>
    public static byte[]? ReadPng(ReadOnlySpan<byte> png) => PngChunks.FindBeforeImageData(png, "iCCP"u8) is { IsEmpty: false } iccp ? Inflate(iccp) : null;

    /// <summary>iCCP data: a Latin-1 name, NUL, compression method 0, then the zlib stream of the profile.</summary>
    private static byte[]? Inflate(ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul < 0 || nul + 2 > data.Length)
            return null;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(data[(nul + 2)..].ToArray()), CompressionMode.Decompress);
            using var profile = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (profile.Length + read > MaxProfileBytes)
                    return null;
                profile.Write(buffer, 0, read);
            }
            return profile.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// The profile's 'desc' tag: a v2 textDescriptionType (ASCII) or a v4 multiLocalizedUnicodeType (UTF-16BE records);
    /// null when there is none or the bytes do not hold one. (ImageSharp 2.1 parses profiles but keeps the tag types internal.)
    /// </summary>
    internal static string? Description(ReadOnlySpan<byte> icc)
    {
        const int header = 128;
        if (icc.Length < header + 4)
            return null;
        var count = BinaryPrimitives.ReadUInt32BigEndian(icc[header..]);
        for (long t = 0; t < count && header + 4 + (t + 1) * 12 <= icc.Length; t++)
        {
            var entry = icc.Slice(header + 4 + (int)t * 12, 12);
            if (!entry[..4].SequenceEqual("desc"u8))
                continue;
            var offset = BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            var size = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            if (offset > icc.Length || size > icc.Length - offset || size < 12)
                return null;
            var tag = icc.Slice((int)offset, (int)size);
            if (tag[..4].SequenceEqual("desc"u8))
            {
                var length = BinaryPrimitives.ReadUInt32BigEndian(tag[8..]);
                return length <= tag.Length - 12 ? System.Text.Encoding.ASCII.GetString(tag.Slice(12, (int)length)).TrimEnd('\0') : null;
            }
            if (tag[..4].SequenceEqual("mluc"u8) && tag.Length >= 16)
            {
                var records = BinaryPrimitives.ReadUInt32BigEndian(tag[8..]);
                var text = new System.Text.StringBuilder();
                for (long r = 0; r < records && 16 + (r + 1) * 12 <= tag.Length; r++)
                {
                    var record = tag.Slice(16 + (int)r * 12, 12);
                    var length = BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
                    var start = BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
                    if (start <= tag.Length && length <= tag.Length - start)
                        text.Append(System.Text.Encoding.BigEndianUnicode.GetString(tag.Slice((int)start, (int)length))).Append(' ');
                }
                return text.ToString().Trim();
            }
            return null;
        }
        return null;
    }

    private static bool IsSrgb(string? description) =>
        description is not null
        && (description.Contains("sRGB", StringComparison.OrdinalIgnoreCase) || description.Contains("61966-2", StringComparison.Ordinal));
}
