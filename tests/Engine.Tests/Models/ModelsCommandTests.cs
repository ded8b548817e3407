using System.CommandLine;
using Cartoon.Cli.Models;
using Cartoon.Engine.Inference;
using Cartoon.Engine.Tests.Support;

namespace Cartoon.Engine.Tests.Models;

/// <summary>`cartoon models fp16` as an operator runs it (scripts/fp16-models.sh is a thin wrapper over it).</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("cartoon-models-cmd-");

    [Fact]
    public async Task Fp16_writes_both_variants_of_each_asked_style_and_reports_each_check()
    {
        var (code, stdout, stderr) = await Run("fp16", "--models", TestPaths.Models, "--out", _out.FullName, "--style", "sketch");

        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Equal([ModelFiles.Background("sketch", ModelPrecision.Fp16), ModelFiles.Head("sketch", ModelPrecision.Fp16)],
            _out.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("ok dctnet_sketch_", l));
        Assert.All(lines, l => Assert.Contains("41 weight casts removed", l));
    }

    [Fact]
    public async Task Fp16_for_a_style_whose_files_are_missing_is_an_error_naming_it()
    {
        var models = _out.CreateSubdirectory("models");
        File.CreateSymbolicLink(Path.Combine(models.FullName, ModelFiles.Detector), Path.Combine(TestPaths.Models, ModelFiles.Detector));
        foreach (var file in new[] { ModelFiles.Head("anime"), ModelFiles.Background("anime") })
            File.CreateSymbolicLink(Path.Combine(models.FullName, file), Path.Combine(TestPaths.Models, file));

        var (code, _, stderr) = await Run("fp16", "--models", models.FullName, "--out", _out.FullName, "--style", "anime", "--style", "3d");

        Assert.Equal(3, code);
        Assert.Contains("for: 3d", stderr);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var root = new RootCommand { ModelsCommand.Build() };
        var parse = root.Parse(["models", .. args]);
        Assert.Empty(parse.Errors);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => _out.Delete(recursive: true);
}
