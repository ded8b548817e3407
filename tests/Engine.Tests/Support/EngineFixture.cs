using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Engine.Tests.Support;

/// <summary>One engine with real models for the whole test run (loading and warming is the slow part).</summary>
public sealed class EngineFixture : IDisposable
{
    public EngineFixture()
    {
        Engine = new CartoonEngine(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            Device = DevicePreference.Auto,
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
