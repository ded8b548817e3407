using System.Buffers.Binary;

namespace Cartoon.Media;

/// <summary>
/// Tells the container from a file's first bytes. The probe and the extractor name ffmpeg's demuxer from this
/// (<c>-f mov</c>, <c>-f matroska</c>, <c>-f gif</c>) instead of letting ffmpeg guess, so an upload can never reach
/// one of ffmpeg's other demuxers (HLS or concat playlists that open further files or URLs, image sequences, ...).
/// </summary>
public static class MediaSniffer
{
    /// <summary>Bytes <see cref="Sniff"/> needs to decide every container (the WebP VP8X flags sit at byte 20).</summary>
    public const int HeaderLength = 32;

    private const byte WebpAnimationFlag = 0x02;

    // QuickTime files written before ftyp existed (and some cameras still) start with one of these atoms.
    private static readonly byte[][] QuickTimeFirstAtoms =
        [.. new[] { "moov", "mdat", "wide", "free", "skip", "pnot" }.Select(System.Text.Encoding.ASCII.GetBytes)];

    /// <summary>The container of a file that starts with <paramref name="head"/> (pass at least <see cref="HeaderLength"/> bytes when the file has them).</summary>
    public static MediaContainer Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
            return MediaContainer.Mp4;
        if (head.Length >= 8 && IsQuickTimeAtom(head))
            return MediaContainer.Mp4;
        if (head.Length >= 4 && head[..4].SequenceEqual((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
            return MediaContainer.Matroska;
        if (head.Length >= 6 && (head[..6].SequenceEqual("GIF87a"u8) || head[..6].SequenceEqual("GIF89a"u8)))
            return MediaContainer.Gif;
        if (head.Length >= 21 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)
            && head[12..16].SequenceEqual("VP8X"u8) && (head[20] & WebpAnimationFlag) != 0)
            return MediaContainer.AnimatedWebp;
        return MediaContainer.Unknown;
    }

    /// <summary>Reads the first <see cref="HeaderLength"/> bytes of <paramref name="path"/> and sniffs them.</summary>
    public static async Task<MediaContainer> SniffFileAsync(string path, CancellationToken cancellationToken)
    {
        var head = new byte[HeaderLength];
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        int read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return Sniff(head.AsSpan(0, read));
    }

    private static bool IsQuickTimeAtom(ReadOnlySpan<byte> head)
    {
        // A plausible atom size (8 bytes of header at least; 1 means a 64-bit size follows) and a known type.
        uint size = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (size != 1 && size < 8)
            return false;
        foreach (byte[] atom in QuickTimeFirstAtoms)
        {
            if (head[4..8].SequenceEqual(atom))
                return true;
        }

        return false;
    }
}
