using Cartoon.Engine;
using Cartoon.Engine.Pipeline;
using Cartoon.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>
/// The gateway in embedded mode: worker and engine (CPU) in process, file-system storage in a temp folder (deleted
/// with the gateway), in-memory bus unless the settings say otherwise. Every engine call goes through
/// <see cref="CountingEngine"/> so tests know how many groups really ran.
/// </summary>
public static class EmbeddedGateway
{
    public static InProcessGateway Create(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var storageRoot = Path.Combine(Path.GetTempPath(), "cartoon-metrics-tests", Guid.NewGuid().ToString("N"));
        // PostgreSQL, as in production: the dashboard's database latency panel reads Npgsql's histogram.
        return new InProcessGateway(StackSettings.Merge(new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Messaging:Transport"] = "InMemory",
            ["Storage:Provider"] = "FileSystem",
            ["Storage:Root"] = storageRoot,
            ["Webhooks:Secret"] = InProcessGateway.Secret,
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "256x256",
            ["Tiers:TimeLimit"] = "00:00:00.300",
        }, StackSettings.Postgres(TestDatabase.Create("observed")), settings), CountEngineCalls, storageRoot);
    }

    /// <summary>The engine the tests read: the counted calls of an <see cref="EmbeddedGateway"/>.</summary>
    public static CountingEngine Engine(this InProcessGateway gateway) => gateway.Services.GetRequiredService<CountingEngine>();

    private static void CountEngineCalls(IServiceCollection services)
    {
        services.AddSingleton(sp => new CountingEngine(sp.GetRequiredService<CartoonEngine>()));
        services.AddSingleton<ICartoonEngine>(sp => sp.GetRequiredService<CountingEngine>());
    }
}
