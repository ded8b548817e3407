namespace Cartoon.Storage;

/// <summary>
/// One key syntax for every store, so a key that works on the file system works on S3 and back:
/// '/'-separated segments of printable characters; no leading '/', no empty, "." or ".." segments, no "..",
/// no backslash, no ':' and no control characters (path traversal and drive / stream names on the file system).
/// </summary>
public static class BlobKeys
{
    public const int MaxLength = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="key"/> is not a valid object key.</summary>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var problem = Check(key, allowEmpty: false);
        if (problem is null && key.EndsWith('/'))
        {
            problem = "it ends with '/' (that is a prefix, not an object)";
        }

        if (problem is not null)
        {
            throw new ArgumentException($"Invalid blob key '{Printable(key)}': {problem}.", nameof(key));
        }
    }

    /// <summary>Same rules for a listing prefix, which may be empty and may end with '/'.</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var problem = Check(prefix.EndsWith('/') ? prefix[..^1] : prefix, allowEmpty: true);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid blob prefix '{Printable(prefix)}': {problem}.", nameof(prefix));
        }
    }

    public static bool IsValid(string key)
    {
        try
        {
            Validate(key);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? Check(string key, bool allowEmpty)
    {
        if (key.Length == 0)
        {
            return allowEmpty ? null : "it is empty";
        }

        if (key.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters";
        }

        if (key.StartsWith('/'))
        {
            return "it is an absolute path";
        }

        if (key.Contains("..", StringComparison.Ordinal))
        {
            return "it contains '..'";
        }

        foreach (var c in key)
        {
            if (c == '\\')
            {
                return "it contains a backslash";
            }

            if (c == ':')
            {
                return "it contains ':'";
            }

            if (char.IsControl(c))
            {
                return "it contains a control character";
            }
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "it contains an empty segment ('//')";
            }

            if (segment == ".")
            {
                return "it contains a '.' segment";
            }
        }

        return null;
    }

    private static string Printable(string key)
    {
        var s = key.Length > 100 ? key[..100] + "..." : key;
        return new string(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
