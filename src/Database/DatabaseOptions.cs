using System.ComponentModel.DataAnnotations;

namespace Cartoon.Database;

/// <summary>
/// Configuration section <c>Database</c>: where job state lives. Example (distributed mode):
/// <code>
/// "Database": { "Provider": "Postgres", "ConnectionString": "Host=postgres;Database=cartoon;Username=cartoon;Password=..." }
/// </code>
/// The embedded default needs nothing: SQLite in a file under the data folder (<see cref="SqlitePath"/>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><see cref="DatabaseProviders.Sqlite"/> (embedded default) or <see cref="DatabaseProviders.Postgres"/>.</summary>
    [RegularExpression("^(?i)(Sqlite|Postgres)$")]
    public string? Provider { get; set; }

    /// <summary>Npgsql connection string (Postgres), or a full SQLite one; unset for SQLite: <see cref="SqlitePath"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite file when no connection string is given; relative paths are taken from the content root.</summary>
    public string SqlitePath { get; set; } = "data/cartoon.db";

    /// <summary>
    /// Apply pending migrations at start, under a database lock so replicas starting together are safe. Unset: on for
    /// SQLite (the embedded default), off for Postgres (run <c>cartoon db migrate</c> or the chart's migration Job).
    /// </summary>
    public bool? MigrateAtStart { get; set; }

    /// <summary>Seconds one database command may take.</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;
}

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
}
