using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cartoon.Database;

/// <summary>
/// Applies the pending EF Core migrations of the configured provider. On PostgreSQL it holds a session advisory lock
/// while it does, so gateway replicas (and the chart's migration Job) starting together apply them once, one after
/// the other; the others find nothing left to do.
/// </summary>
public sealed class DatabaseMigrator(CartoonDb db, ILogger<DatabaseMigrator> logger)
{
    /// <summary>pg_advisory_lock key: "cartoon" in ASCII, so it cannot collide with another application's by chance.</summary>
    private const long LockKey = 0x636172746f6f6e;

    /// <summary>
    /// <see cref="MigrateAsync"/>, waiting up to <paramref name="wait"/> for a database that does not accept connections
    /// yet (a migration Job or compose step started beside a database that is still booting).
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateWhenReachableAsync(TimeSpan wait, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + wait;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await MigrateAsync(ct);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Database not reachable yet (attempt {Attempt}): {Reason}; retrying", attempt, ex.GetBaseException().Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), ct);
            }
        }
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        await using var context = db.Create();
        var connection = context.Database.GetDbConnection();
        if (connection is SqliteConnection sqlite)
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource)) ?? ".");
        await context.Database.OpenConnectionAsync(ct);
        try
        {
            if (db.IsPostgres)
                await context.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", ct);
            else
                // Readers never wait for the writer with a write-ahead log; the setting is kept in the file.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL", ct);
            var pending = (await context.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} database migrations ({Provider}): {Migrations}", pending.Count, db.Provider, string.Join(", ", pending));
                await context.Database.MigrateAsync(ct);
            }
            else
            {
                logger.LogInformation("Database schema is up to date ({Provider})", db.Provider);
            }
            return pending;
        }
        finally
        {
            if (db.IsPostgres && connection is NpgsqlConnection { State: System.Data.ConnectionState.Open })
                await context.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            await context.Database.CloseConnectionAsync();
        }
    }
}
