using System.Globalization;

namespace Cartoon.Bench;

/// <summary>`--name value` command-line options of the bench subcommands.</summary>
internal static class Args
{
    public static int Int(string[] args, string name, int fallback) =>
        String(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public static string? String(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A comma-separated list of integers, e.g. `--limits 1,2,4,8`.</summary>
    public static int[] Ints(string[] args, string name, int[] fallback) =>
        String(args, name) is { } v
            ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : fallback;

    /// <summary>Every `--set Key=Value` (configuration keys such as Tiers:ConcurrencyLimit=2), in order.</summary>
    public static Dictionary<string, string> Settings(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] != "--set")
                continue;
            var parts = args[i + 1].Split('=', 2);
            if (parts.Length != 2)
                throw new ArgumentException($"--set {args[i + 1]}: expected Key=Value.");
            settings[parts[0]] = parts[1];
        }
        return settings;
    }
}
