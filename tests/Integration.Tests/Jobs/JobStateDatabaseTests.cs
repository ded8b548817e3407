using Cartoon.Database;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Storage;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// Where the job-state tests start: a fresh database of the provider under test (a throwaway PostgreSQL database, or a
/// SQLite file in this test's own folder), migrated, with replicas on it (<see cref="JobStateReplica"/>: each its own
/// connection pool), disposed after the test.
/// </summary>
public abstract class JobStateDatabaseTests(string purpose) : IAsyncLifetime
{
    private readonly List<JobStateReplica> _replicas = [];

    public static TheoryData<string> Providers => [DatabaseProviders.Postgres, DatabaseProviders.Sqlite];

    /// <summary>This test's folder: the SQLite file and the replicas' blob store.</summary>
    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), $"cartoon-{purpose}-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
            await replica.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary><paramref name="count"/> replicas on one fresh, migrated database of <paramref name="provider"/>.</summary>
    private protected async Task<List<JobStateReplica>> StartReplicasAsync(string provider, int count)
    {
        var settings = provider == DatabaseProviders.Postgres
            ? StackSettings.Postgres(TestDatabase.Create(purpose))
            : new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:SqlitePath"] = Path.Combine(Folder, "cartoon.db") };
        var store = new FileSystemBlobStore(Folder);
        var replicas = Enumerable.Range(0, count).Select(_ => new JobStateReplica(settings, store)).ToList();
        _replicas.AddRange(replicas);
        await replicas[0].MigrateAsync();
        return replicas;
    }
}
