namespace Cartoon.Tests.Shared.Paths;

/// <summary>The repo root (holding Cartoon.sln) and ../shared beside it, where CI keeps models and samples.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Models => Path.Combine(Shared, "models");

    public static string Sample(string name) => Path.Combine(Shared, "samples", name);

    public const string Portrait = "dctnet_input_portrait.png";
    public const string Astronaut = "astronaut_eileen_collins_nasa.png";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cartoon.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Cartoon.sln not found above " + AppContext.BaseDirectory);
    }
}
