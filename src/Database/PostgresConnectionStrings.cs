using System.Data.Common;
using Npgsql;

namespace Cartoon.Database;

/// <summary>
/// What the service adds to an operator's PostgreSQL connection string unless it says otherwise.
/// <para>Automatic preparation: the gateway runs the same few dozen statements thousands of times a minute (item
/// events, outbox claims, job reads). Unprepared, PostgreSQL parses and plans each one every time; prepared on first
/// reuse, a connection keeps the plan (docs/benchmarks.md, "Job state on the database"). Npgsql keeps the prepared
/// statements across pooled reuse and resets the rest of the session state as before.</para>
/// </summary>
public static class PostgresConnectionStrings
{
    public const int MaxAutoPrepare = 64;
    public const int AutoPrepareMinUsages = 2;

    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(given, "Max Auto Prepare", "MaxAutoPrepare"))
            builder.MaxAutoPrepare = MaxAutoPrepare;
        if (!Names(given, "Auto Prepare Min Usages", "AutoPrepareMinUsages"))
            builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        return builder.ConnectionString;
    }

    private static bool Names(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
