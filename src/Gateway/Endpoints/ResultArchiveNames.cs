using System.Text;

namespace Cartoon.Gateway.Endpoints;

/// <summary>
/// Entry names of the results zip: the uploaded file's name with the output's extension, made safe for every
/// unzip tool (no folders, no control or reserved characters, no leading dots) and unique within the archive.
/// </summary>
public sealed class ResultArchiveNames
{
    private const int MaxStemLength = 100;
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name for one result; <paramref name="uploadedName"/> may be null or anything a client sent.</summary>
    public string Next(string? uploadedName, int index, string extension)
    {
        var stem = Stem(uploadedName) is { Length: > 0 } s ? s : $"item-{index}";
        var name = $"{stem}.{extension}";
        for (var n = 2; !_used.Add(name); n++)
            name = $"{stem} ({n}).{extension}";
        return name;
    }

    private static string Stem(string? uploadedName)
    {
        if (string.IsNullOrWhiteSpace(uploadedName))
            return "";
        // Browsers send a bare name, but a client may send a path from either OS: keep the last segment only.
        var last = uploadedName.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var dot = last.LastIndexOf('.');
        var stem = dot > 0 ? last[..dot] : last;

        var safe = new StringBuilder(stem.Length);
        foreach (var c in stem)
            safe.Append(char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '(' or ')' ? c : '_');
        var result = safe.ToString().Trim().TrimStart('.').TrimEnd('.', ' ');
        return result.Length > MaxStemLength ? result[..MaxStemLength].TrimEnd('.', ' ') : result;
    }
}
