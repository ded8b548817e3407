using Npgsql;

namespace Cartoon.Bench;

/// <summary>A PostgreSQL database of one benchmark run on the server scripts/services.sh started; dropped at the end.</summary>
internal sealed class BenchDatabase(string server, string name)
{
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;

    public async Task CreateAsync() => await OnServerAsync($"CREATE DATABASE \"{name}\"");

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await OnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>One number from this run's database (counts of jobs, outbox rows …).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task OnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
