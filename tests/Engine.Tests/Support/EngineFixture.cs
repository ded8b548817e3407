using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Engine.Tests.Support;

/// <summary>
/// One engine with real models for the whole test run (loading and warming is the slow part). It batches its passes as
/// on CUDA (<see cref="PassBatching.Group"/>), so the tests exercise the batched path; the CPU default of one item per
/// pass has its own tests (PassCountTests).
/// </summary>
public sealed class EngineFixture : IDisposable
{
    public EngineFixture()
    {
        Engine = new CartoonEngine(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            Device = DevicePreference.Auto,
            PassBatching = PassBatching.Group,
            WarmUpShapes = ["512x512"],
        }, NullLogger<CartoonEngine>.Instance);
        Engine.WarmUp();
    }

    public CartoonEngine Engine { get; }

    public void Dispose() => Engine.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
