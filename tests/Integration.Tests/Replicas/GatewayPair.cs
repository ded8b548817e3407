using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Replicas;

/// <summary>
/// Two distributed gateway replicas on one fresh PostgreSQL database and one storage folder, each with its own
/// in-memory bus: what one replica writes the other must see through the database alone.
/// </summary>
internal sealed class GatewayPair : IAsyncDisposable
{
    private readonly string _storage;

    private GatewayPair(string storage, InProcessGateway a, InProcessGateway b)
    {
        _storage = storage;
        A = a;
        B = b;
    }

    public InProcessGateway A { get; }

    public InProcessGateway B { get; }

    public static async Task<GatewayPair> StartAsync(string purpose)
    {
        var storage = Path.Combine(Path.GetTempPath(), $"cartoon-{purpose}-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Distributed",
            ["Auth:RequireKeys"] = "false",
            ["RateLimits:Enabled"] = "false",
            ["Messaging:Transport"] = "InMemory",
            ["Storage:Provider"] = "FileSystem",
            ["Storage:Root"] = storage,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in StackSettings.Postgres(TestDatabase.Create(purpose)))
            settings[k] = v;
        var a = await new InProcessGateway(settings).StartAsync(TimeSpan.FromMinutes(1));
        var b = await new InProcessGateway(settings).StartAsync(TimeSpan.FromMinutes(1));
        return new GatewayPair(storage, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        try
        {
            Directory.Delete(_storage, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
