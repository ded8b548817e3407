namespace Cartoon.Engine.Inference;

/// <summary>
/// Finds the weights folder. The weights are never in the repo (unclear licence): configuration names the
/// folder, else CARTOON_MODELS, else the first of ./models and &lt;ancestor&gt;/shared/models walking up from the
/// working directory and the binaries (a fresh clone sits beside ../shared/models).
/// </summary>
public static class ModelLocator
{
    public const string EnvironmentVariable = "CARTOON_MODELS";

    public static string Resolve(string? configured)
    {
        var candidates = Candidates(configured).ToList();
        foreach (var dir in candidates)
            if (File.Exists(Path.Combine(dir, ModelFiles.Detector)))
                return dir;

        throw new ModelsNotFoundException(
            $"DCT-Net models not found. Looked for {ModelFiles.Detector} in: {string.Join(", ", candidates.Distinct())}. " +
            $"Set Engine:ModelsDirectory (or --models, or {EnvironmentVariable}) to the folder holding the weights; README.md says where to get them.");
    }

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            yield return Path.GetFullPath(configured);
            yield break;
        }
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            yield return Path.GetFullPath(env);
            yield break;
        }
        yield return Path.GetFullPath("models");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                yield return Path.Combine(dir.FullName, "shared", "models");
    }
}

