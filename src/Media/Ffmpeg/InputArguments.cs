namespace Cartoon.Media.Ffmpeg;

/// <summary>
/// How an untrusted file is handed to ffmpeg/ffprobe: the demuxer named from the sniffed container, local files only,
/// and the path as a <c>file:</c> URL so a name like <c>http:x.mp4</c> or <c>concat:a|b</c> is never read as a protocol.
/// </summary>
internal static class InputArguments
{
    /// <summary>The options that go before the input (before <c>-i</c> for ffmpeg).</summary>
    public static IEnumerable<string> Options(MediaContainer container) =>
        ["-protocol_whitelist", "file", "-f", Demuxer(container)];

    public static string Url(string path) => "file:" + Path.GetFullPath(path);

    private static string Demuxer(MediaContainer container) => container switch
    {
        MediaContainer.Mp4 => "mov",
        MediaContainer.Matroska => "matroska",
        MediaContainer.Gif => "gif",
        _ => throw new ArgumentOutOfRangeException(nameof(container), container, "ffmpeg does not demux this container here."),
    };
}
