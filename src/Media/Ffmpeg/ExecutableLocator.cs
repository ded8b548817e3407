namespace Cartoon.Media.Ffmpeg;

/// <summary>Finds a program the way a shell would: a path as given, a bare name on PATH.</summary>
internal static class ExecutableLocator
{
    /// <summary>The full path of <paramref name="nameOrPath"/>, or null when there is no such file.</summary>
    public static string? Find(string nameOrPath)
    {
        if (string.IsNullOrWhiteSpace(nameOrPath))
            return null;
        if (nameOrPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, nameOrPath);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }
}
