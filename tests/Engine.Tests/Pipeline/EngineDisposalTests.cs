using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// Disposing the engine must return however often it is called. AddCartoonEngine registers the one instance twice
/// (CartoonEngine and ICartoonEngine, both factories), and the container disposes what each factory returned: once
/// the worker's consumer has resolved ICartoonEngine, stopping the host disposes the engine twice. Found by the
/// distributed end-to-end tests: the worker host never finished stopping after its first group.
/// </summary>
public sealed class EngineDisposalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_container_disposes_the_engine_resolved_under_both_registrations_and_returns()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ModelsDirectory"] = TestPaths.Models,
            ["Engine:Device"] = "Cpu",
        }).Build();
        var provider = new ServiceCollection().AddLogging().AddCartoonEngine(configuration).BuildServiceProvider();
        var engine = provider.GetRequiredService<CartoonEngine>(); // warm-up service, health check
        Assert.Same(engine, provider.GetRequiredService<ICartoonEngine>()); // the worker's consumer

        var dispose = Task.Run(provider.Dispose);

        Assert.True(await Task.WhenAny(dispose, Task.Delay(Bound)) == dispose, $"disposing the service provider did not return within {Bound}");
        await dispose;
    }

    [Fact]
    public async Task Dispose_called_twice_returns()
    {
        var engine = new CartoonEngine(new EngineOptions { ModelsDirectory = TestPaths.Models, Device = DevicePreference.Cpu },
            NullLogger<CartoonEngine>.Instance);

        var dispose = Task.Run(() =>
        {
            engine.Dispose();
            engine.Dispose();
        });

        Assert.True(await Task.WhenAny(dispose, Task.Delay(Bound)) == dispose, $"the second Dispose did not return within {Bound}");
        await dispose;
    }
}
