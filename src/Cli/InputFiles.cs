namespace Cartoon.Cli;

internal static class InputFiles
{
    private static readonly HashSet<string> ImageExtensions =
        new([".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Files as given (whatever their extension: content is sniffed), folders expanded to their images and videos.</summary>
    public static List<string> Collect(IEnumerable<string> inputs, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (File.Exists(input))
                files.Add(input);
            else if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => ImageExtensions.Contains(Path.GetExtension(f)) || Video.InputClassifier.VideoExtensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal));
            else
                missing.Add(input);
        }
        return files;
    }
}
