using System.Globalization;
using Npgsql;

namespace Cartoon.Tests.Shared.Stack;

/// <summary>
/// A database of its own on a PostgreSQL server (the throwaway cluster scripts/services.sh starts; CI's), so stacks
/// never see each other's jobs. It starts empty: the gateway creates the schema itself (Database:MigrateAtStart), as
/// replicas of a fresh deployment would.
/// </summary>
public sealed class PostgresDatabase
{
    /// <summary>PostgreSQL's identifier limit.</summary>
    private const int MaxNameLength = 63;

    private readonly string _server;

    private PostgresDatabase(string server, string name, int? maxPoolSize)
    {
        _server = server;
        Name = name;
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true };
        if (maxPoolSize is { } max)
            builder.MaxPoolSize = max;
        ConnectionString = builder.ConnectionString;
    }

    public string Name { get; }

    /// <summary>What the apps and <see cref="ScalarAsync"/> connect with: the server's, on this database, pooled.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database <paramref name="name"/> (cut to 63 characters) on <paramref name="server"/>.</summary>
    /// <param name="server">A connection string to the server's maintenance database.</param>
    /// <param name="maxPoolSize">The pool limit of <see cref="ConnectionString"/>; null: Npgsql's default.</param>
    public static PostgresDatabase Create(string server, string name, int? maxPoolSize = null)
    {
        var database = new PostgresDatabase(server, name.Length > MaxNameLength ? name[..MaxNameLength] : name, maxPoolSize);
        database.OnServer($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    /// <summary>Drops the database, closing whatever is still connected to it (the apps are gone by then; their sessions may not be).</summary>
    public void Drop()
    {
        using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        OnServer($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    /// <summary>One number from the database (counts of jobs, outbox rows …).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private void OnServer(string sql)
    {
        // Unpooled: a pooled connection would outlive a test that restarts PostgreSQL (DatabaseRestartTests) and fail
        // the next statement that reuses it (57P01, terminating connection due to administrator command).
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
