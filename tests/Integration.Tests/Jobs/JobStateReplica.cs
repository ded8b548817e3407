using Cartoon.Database;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Streaming;
using Cartoon.Gateway.Webhooks;
using Cartoon.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// The gateway's job-state writers as one replica has them (its own connection pool), on a shared database: several
/// of these in one test are several replicas applying events to the same jobs.
/// </summary>
internal sealed class JobStateReplica : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public JobStateReplica(IReadOnlyDictionary<string, string?> database, IBlobStore store)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddMetrics()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(store)
            .AddSingleton(Options.Create(new GatewayOptions()))
            .AddSingleton<GatewayMetrics>()
            .AddSingleton<WebhookOutbox>()
            .AddSingleton<OutboxSignal>()
            .AddSingleton<JobViewFactory>()
            .AddSingleton<JobChangeFeed>()
            .AddSingleton<JobChangeNotifier>()
            .AddSingleton<JobStore>()
            .AddSingleton<JobCompletion>()
            .AddSingleton<JobEventApplier>()
            .AddSingleton<JobStateUpdater>()
            .AddSingleton<VideoProgressWriter>();
        services.AddCartoonDatabase(configuration, Path.GetTempPath());
        _services = services.BuildServiceProvider();
    }

    public JobStateUpdater Updater => _services.GetRequiredService<JobStateUpdater>();

    public JobEventApplier Events => _services.GetRequiredService<JobEventApplier>();

    public JobStore Jobs => _services.GetRequiredService<JobStore>();

    public VideoProgressWriter Video => _services.GetRequiredService<VideoProgressWriter>();

    public CartoonDb Db => _services.GetRequiredService<CartoonDb>();

    public Task MigrateAsync() => _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
