using Npgsql;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database per test stack on the server named by <c>CARTOON_TEST_POSTGRES</c> (the throwaway
/// cluster scripts/services.sh starts; CI too), so stacks never see each other's jobs. The gateway creates the schema
/// itself (Database:MigrateAtStart), as replicas of a fresh deployment would.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "CARTOON_TEST_POSTGRES";

    public static string Server =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set, so there is no PostgreSQL for the integration tests. {ServicesFixture.HowToRun}");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string Create(string purpose)
    {
        var name = $"it_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        if (name.Length > 63)
            name = name[..63]; // PostgreSQL's identifier limit
        // Unpooled: a pooled connection would outlive a test that restarts PostgreSQL (DatabaseRestartTests) and fail
        // the next test that reuses it (57P01, terminating connection due to administrator command).
        using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = true, MaxPoolSize = 30 }.ConnectionString;
    }

    /// <summary>Adds a fresh database's settings unless the caller chose one.</summary>
    public static IReadOnlyDictionary<string, string?> WithDatabase(IReadOnlyDictionary<string, string?> settings, string purpose)
    {
        if (settings.ContainsKey("Database:ConnectionString") || settings.ContainsKey("Database:Provider"))
            return settings;
        var merged = new Dictionary<string, string?>(settings);
        foreach (var (k, v) in StackSettings.Postgres(Create(purpose)))
            merged[k] = v;
        return merged;
    }
}
