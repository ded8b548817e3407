namespace Cartoon.Media.Probing;

/// <summary>ffmpeg's error lines as a reason a client may read.</summary>
internal static class FfmpegReasons
{
    /// <summary>The distinct lines of <paramref name="stderr"/>, without ffmpeg's "[mov,mp4,... @ 0x55...]" prefixes and our file URL, joined.</summary>
    public static string From(string stderr, string url)
    {
        var reasons = new List<string>();
        foreach (string raw in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string line = raw;
            int bracket = line.IndexOf("] ", StringComparison.Ordinal);
            if (line.StartsWith('[') && bracket >= 0)
                line = line[(bracket + 2)..];
            // Where the upload sits on the worker is none of the client's business.
            line = line.Replace(url + ": ", "", StringComparison.Ordinal).Replace(url, "the file", StringComparison.Ordinal).TrimEnd('.');
            if (line.Length > 0 && !reasons.Contains(line))
                reasons.Add(line);
        }

        string joined = reasons.Count == 0 ? "ffprobe failed" : string.Join("; ", reasons);
        return joined.Length <= 300 ? joined : joined[..300] + "…";
    }
}
