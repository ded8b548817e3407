using Cartoon.Engine.Inference;
using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Engine.Tests.Inference;

public sealed class ModelLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cartoon-models-").FullName;

    [Fact]
    public void A_missing_model_file_fails_fast_naming_it()
    {
        foreach (var file in Directory.GetFiles(TestPaths.Models))
            if (!file.EndsWith("dctnet_sketch_head.onnx", StringComparison.Ordinal))
                File.CreateSymbolicLink(Path.Combine(_dir, Path.GetFileName(file)), file);

        var ex = Assert.Throws<ModelsNotFoundException>(() => CreateEngine(_dir));

        Assert.Contains("dctnet_sketch_head.onnx", ex.Message);
    }

    [Fact]
    public void An_empty_models_folder_says_where_it_looked_and_how_to_configure_it()
    {
        var ex = Assert.Throws<ModelsNotFoundException>(() => CreateEngine(_dir));

        Assert.Contains(_dir, ex.Message);
        Assert.Contains("Engine:ModelsDirectory", ex.Message);
    }

    [Fact]
    public void The_models_are_found_beside_the_repo_without_configuration()
    {
        Assert.Equal(Path.GetFullPath(TestPaths.Models), ModelLocator.Resolve(null));
    }

    [Fact]
    public async Task Preloaded_styles_are_resident_and_others_load_once_on_first_use()
    {
        using var engine = CreateEngine(TestPaths.Models, preload: ["sketch"]);
        engine.WarmUp();
        Assert.Equal(["sketch"], engine.LoadedStyles);

        var input = TestImages.Gradient(64, 64);
        await engine.CartoonizeAsync([new CartoonRequest(input, new CartoonParameters { Style = "3d" })]);

        Assert.Equal(["3d", "sketch"], engine.LoadedStyles);
    }

    [Fact]
    public void Auto_device_reports_the_active_provider_and_falls_back_to_cpu_when_cuda_cannot_load()
    {
        var factory = new SessionFactory(new EngineOptions { Device = DevicePreference.Auto }, NullLogger.Instance);

        if (factory.UseCuda)
        {
            Assert.StartsWith("cuda:", factory.Device);
            Assert.Null(factory.FallbackReason);
        }
        else
        {
            Assert.Equal("cpu", factory.Device);
            Assert.False(string.IsNullOrWhiteSpace(factory.FallbackReason));
            // Demanding CUDA where it cannot load is a start-up error, not a silent CPU run.
            var ex = Assert.Throws<InvalidOperationException>(() =>
                new SessionFactory(new EngineOptions { Device = DevicePreference.Cuda }, NullLogger.Instance));
            Assert.Contains("CUDA", ex.Message);
        }
    }

    [Fact]
    public void Cpu_preference_never_tries_cuda()
    {
        var factory = new SessionFactory(new EngineOptions { Device = DevicePreference.Cpu }, NullLogger.Instance);

        Assert.False(factory.UseCuda);
        Assert.Equal("cpu", factory.Device);
        Assert.Null(factory.FallbackReason);
    }

    private static CartoonEngine CreateEngine(string dir, List<string>? preload = null) =>
        new(new EngineOptions { ModelsDirectory = dir, Preload = preload ?? ["anime"], WarmUp = false, Device = DevicePreference.Cpu },
            NullLogger<CartoonEngine>.Instance);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
