using System.Reflection;

namespace Cartoon.Tests.Shared.Stack;

/// <summary>A host of src/ started as a process of its own: the project folder and the dll it builds.</summary>
public sealed record AppProject(string Folder, string AssemblyName)
{
    public static readonly AppProject Gateway = new("Gateway", "Cartoon.Gateway");
    public static readonly AppProject GpuWorker = new("GpuWorker", "Cartoon.GpuWorker");

    /// <summary>
    /// The configuration the calling tests or bench were built in (Debug / Release): the hosts' dlls are taken from the
    /// same unless told otherwise.
    /// </summary>
    public static string BuiltConfiguration { get; } =
        typeof(AppProject).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "Debug";

    /// <summary>
    /// The images' fixed mmap threshold (deploy/docker/*.Dockerfile): 32 MiB for the worker (its tensors stay in the
    /// arenas), 128 KiB for the gateway.
    /// </summary>
    public string MallocMmapThreshold => this == GpuWorker ? "33554432" : "131072";

    /// <summary>&lt;repoRoot&gt;/src/&lt;Folder&gt;/bin/&lt;configuration&gt;/net10.0/&lt;AssemblyName&gt;.dll, which must be built.</summary>
    public string DllPath(string repoRoot, string configuration)
    {
        var dll = Path.Combine(repoRoot, "src", Folder, "bin", configuration, "net10.0", AssemblyName + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException(
                $"{dll} does not exist: build it first (dotnet build src/{Folder} -c {configuration}; the Integration.Tests project builds it too).", dll);
    }
}
