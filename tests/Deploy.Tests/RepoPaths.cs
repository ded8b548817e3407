namespace Cartoon.Deploy.Tests;

/// <summary>Paths inside the repository, found by walking up from the test binaries to Cartoon.sln.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Dashboard => Combine("deploy", "grafana", "dashboards", "cartoon.json");
    public static string Chart => Combine("deploy", "helm", "cartoon");
    public static string Compose => Combine("docker-compose.yml");
    public static string PrometheusConfig => Combine("deploy", "prometheus", "prometheus.yml");
    public static string Rules => Combine("deploy", "prometheus", "rules", "cartoon.rules.yml");
    public static string RulesTests => Combine("deploy", "prometheus", "rules", "cartoon.rules.test.yml");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Cartoon.sln")))
                    return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cartoon.sln not found above {AppContext.BaseDirectory}");
    }
}
