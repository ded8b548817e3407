using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cartoon.Database;

/// <summary>Classifies provider exceptions, so callers branch on what happened rather than on a provider's types.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// The database cannot be reached or cannot commit now (down, restarting, refusing connections, timing out, busy):
    /// worth a retry later, answered 503 to a client. Anything else is a bug or bad data, not an outage.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 10 or 14, // BUSY, LOCKED, IOERR, CANTOPEN
        SocketException or TimeoutException => true,
        _ => false,
    });

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                    yield return inner;
        }
    }
}
