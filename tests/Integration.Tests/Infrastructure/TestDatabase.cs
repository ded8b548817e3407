namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database (<see cref="PostgresDatabase"/>) per test stack on the server named by
/// <c>CARTOON_TEST_POSTGRES</c>, so stacks never see each other's jobs.
/// </summary>
public static class TestDatabase
{
    /// <summary>The pool limit of every test database's connection string.</summary>
    public const int MaxPoolSize = 30;

    public static string Server => StackServices.Read(StackServices.PostgresVariable)
        ?? throw new InvalidOperationException($"{StackServices.PostgresVariable} is not set, so there is no PostgreSQL for the integration tests. {ServicesFixture.HowToRun}");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string Create(string purpose) =>
        PostgresDatabase.Create(Server, $"it_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant(), MaxPoolSize).ConnectionString;

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
