using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cartoon.Database;

/// <summary>
/// One plain Npgsql command on a context's connection, for the statements the gateway runs on every submit (the job
/// insert, the hand-off mark). EF's raw-SQL path looks up a type mapping for every parameter on every call, and a LINQ
/// ExecuteUpdate also builds its compiled-query cache key from the expression tree each time: about 6.5 % of a submit's
/// gateway CPU between them (docs/benchmarks.md, issue 12, fourth round). The statement, the parameters' types
/// and the context's command timeout are the same; the context opens and closes the connection as for its own commands.
/// </summary>
public static class PostgresCommand
{
    public static async Task<int> ExecuteAsync(CartoonDbContext ctx, string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await ctx.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = ((NpgsqlConnection)ctx.Database.GetDbConnection()).CreateCommand();
            command.CommandText = sql;
            if (ctx.Database.GetCommandTimeout() is { } timeout)
                command.CommandTimeout = timeout;
            parameters(command.Parameters);
            return await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await ctx.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A positional parameter ($1, $2, … in the order added) of a value that is never null.</summary>
    public static void AddValue<T>(this NpgsqlParameterCollection parameters, T value) where T : notnull =>
        parameters.Add(new NpgsqlParameter<T> { TypedValue = value });

    /// <summary>A positional parameter that may be NULL, with its column type (a NULL has no CLR type to infer it from).</summary>
    public static void AddNullable(this NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type) =>
        parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
}
