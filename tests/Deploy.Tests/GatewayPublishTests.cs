using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cartoon.Deploy.Tests;

/// <summary>
/// The distributed gateway image carries no engine: the gateway Dockerfile's own `dotnet publish` command, run here
/// into a temporary folder, publishes no ONNX Runtime library and no engine or worker assembly, and the published
/// gateway refuses embedded mode with a reason instead of failing later. Its runtime settings are the project's.
/// </summary>
public sealed partial class GatewayPublishTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cartoon-gateway-publish-").FullName;

    [Fact]
    public void The_gateway_image_publish_has_no_onnx_runtime_and_refuses_embedded_mode()
    {
        var app = Path.Combine(_temp, "app");
        var publish = Tools.Run("dotnet", DockerfilePublishArguments(app), timeout: TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, publish.ToString());

        var files = Directory.EnumerateFiles(app, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains("Cartoon.Gateway.dll", files);
        Assert.Contains("Cartoon.Messaging.dll", files);
        Assert.DoesNotContain(files, f => f!.StartsWith("libonnxruntime", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f!.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal));
        Assert.DoesNotContain("Cartoon.Engine.dll", files);
        Assert.DoesNotContain("Cartoon.Worker.dll", files);

        // The image's runtime settings: idle thread-pool workers sleep instead of spinning (the gateway's CPU per item).
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "Cartoon.Gateway.runtimeconfig.json")));
        var properties = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());

        var embedded = Tools.Run("dotnet", [Path.Combine(app, "Cartoon.Gateway.dll"), "--Gateway:Mode=Embedded"], workingDirectory: _temp);
        Assert.NotEqual(0, embedded.ExitCode);
        Assert.Contains("built without the embedded worker", embedded.StdOut + embedded.StdErr);
    }

    /// <summary>The arguments of the Dockerfile's `dotnet publish`, output redirected, bin/obj kept out of the tree.</summary>
    private IReadOnlyList<string> DockerfilePublishArguments(string output)
    {
        var dockerfile = File.ReadAllText(RepoPaths.Combine("deploy", "docker", "gateway.Dockerfile")).Replace("\\\n", " ");
        var command = PublishCommand().Match(dockerfile);
        Assert.True(command.Success, "gateway.Dockerfile has no `dotnet publish` line");
        var args = command.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var o = args.IndexOf("-o");
        Assert.True(o >= 0, "the Dockerfile's publish names its output with -o");
        args[o + 1] = output;
        args[args.IndexOf("src/Gateway/Gateway.csproj")] = RepoPaths.Combine("src", "Gateway", "Gateway.csproj");
        return ["publish", .. args, "--artifacts-path", Path.Combine(_temp, "artifacts")];
    }

    [GeneratedRegex(@"dotnet publish ([^\n]+)")]
    private static partial Regex PublishCommand();

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
