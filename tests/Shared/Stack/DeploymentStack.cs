namespace Cartoon.Tests.Shared.Stack;

/// <summary>
/// The distributed deployment as real processes (<see cref="AppProcess"/>: gateways and workers) on shared services
/// (<see cref="StackServices"/>), kept apart from everything else on them: a RabbitMQ virtual host of its own (the
/// gateway's event queue has a fixed name, so another gateway on the same vhost would compete for its events), a bucket
/// of its own and, when there is a PostgreSQL server, a database of its own that every gateway of the stack shares
/// (replicas of one deployment). The integration fault tests and the bench start their processes through it.
/// Disposing kills the processes, then deletes the vhost (with every queue), the bucket and the database.
/// </summary>
public sealed class DeploymentStack : IAsyncDisposable
{
    private readonly AppGroup _apps = new();

    private DeploymentStack(StackServices services, string name)
    {
        Services = services;
        Name = name;
    }

    public StackServices Services { get; }

    /// <summary>Where every app's output also goes (&lt;app name&gt;.log); null: nowhere but the apps' buffers.</summary>
    public string? LogDirectory { get; private init; }

    /// <summary>The stack's vhost and bucket; its database's too, with '_' for '-'.</summary>
    public string Name { get; }

    public string VirtualHost => Name;

    public string Bucket => Name;

    /// <summary>The gateways' job database; null without a PostgreSQL server (the gateways then keep SQLite, one process only).</summary>
    public PostgresDatabase? Database { get; private set; }

    /// <summary>The build the apps run; null: <see cref="AppProject.BuiltConfiguration"/>.</summary>
    private string? Configuration { get; init; }

    /// <summary>The broker address with this stack's vhost.</summary>
    public Uri BrokerUri => Services.Broker(VirtualHost);

    /// <summary>Creates the vhost (the broker's user may do anything on it) and the database.</summary>
    /// <param name="name">Lower-case letters, digits and '-', at most 63 characters: a valid bucket name.</param>
    /// <param name="logDirectory">When given, every app's output also goes to &lt;logDirectory&gt;/&lt;app name&gt;.log.</param>
    /// <param name="configuration">The build the apps run (Debug / Release); default <see cref="AppProject.BuiltConfiguration"/>.</param>
    public static async Task<DeploymentStack> CreateAsync(StackServices services, string name, string? logDirectory = null, string? configuration = null)
    {
        var stack = new DeploymentStack(services, name) { LogDirectory = logDirectory, Configuration = configuration };
        try
        {
            using (var http = services.Management())
                await BrokerAdmin.CreateVirtualHostAsync(http, stack.VirtualHost, services.RabbitMqUserName, $"Cartoon stack {name}");
            if (services.Postgres is { } server)
                stack.Database = PostgresDatabase.Create(server, name.Replace('-', '_'));
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>What puts an app on this stack: the broker in the vhost, the store in the bucket and, for a gateway, the database.</summary>
    public Dictionary<string, string?> ServiceSettings(AppProject project) => StackSettings.Merge(
        Services.RabbitMqSettings(VirtualHost),
        Services.S3Settings(Bucket),
        project == AppProject.Gateway && Database is not null ? StackSettings.Postgres(Database.ConnectionString) : null);

    /// <summary>
    /// Starts an app on this stack (<see cref="ServiceSettings"/>, then <paramref name="settings"/> on top); does not wait
    /// for it to be ready.
    /// </summary>
    /// <param name="name">For messages and the log file; default the project and a count ("gateway-1").</param>
    /// <param name="repoRoot">The checkout whose build runs (before/after runs); default this one.</param>
    public AppProcess Start(AppProject project, IEnumerable<KeyValuePair<string, string?>>? settings = null, string? name = null, int? port = null,
        string? repoRoot = null) =>
        _apps.Start(project, StackSettings.Merge(ServiceSettings(project), settings), port, name, LogDirectory, repoRoot, Configuration);

    /// <summary>Kills one app of this stack now (e.g. a worker before a restart with other settings).</summary>
    public void Stop(AppProcess app) => _apps.Stop(app);

    /// <summary>Apps that exited although no caller ended them: crashes.</summary>
    public IReadOnlyList<AppProcess> Crashed() => _apps.Crashed();

    /// <summary>The output of every app started, for an assertion message.</summary>
    public string DescribeAll() => _apps.DescribeAll();

    /// <summary>Best effort after the apps are gone: a fault test may leave a service down, and its failure, not the clean-up's, is what counts.</summary>
    public async ValueTask DisposeAsync()
    {
        await _apps.DisposeAsync();
        try
        {
            using var http = Services.Management();
            await BrokerAdmin.DeleteVirtualHostAsync(http, VirtualHost);
        }
        catch (Exception)
        {
            // the broker is down or the vhost was never made; a restarted broker keeps it, the next stack has its own
        }
        await S3Buckets.DeleteAsync(Services.S3, Services.S3AccessKey, Services.S3SecretKey, Bucket);
        try
        {
            Database?.Drop();
        }
        catch (Exception)
        {
            // PostgreSQL is down; its throwaway cluster goes with scripts/services.sh
        }
    }
}
