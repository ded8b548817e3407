using System.CommandLine;
using Cartoon.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cartoon.Cli;

/// <summary>
/// `cartoon db migrate [--provider Postgres|Sqlite] [--connection ...] [--wait 60]`: applies the job database's EF Core
/// migrations, under the database lock, exactly as a gateway with Database:MigrateAtStart does. Settings come from the
/// options, else from Database__* in the environment (the gateway's own keys), else the embedded default (SQLite
/// under ./data).
/// </summary>
internal static class DbCommand
{
    public static Command Build()
    {
        var provider = new Option<string?>("--provider") { Description = "Postgres or Sqlite (default: Database__Provider, else Sqlite)" };
        var connection = new Option<string?>("--connection") { Description = "Connection string (default: Database__ConnectionString)" };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for a database that does not accept connections yet", DefaultValueFactory = _ => 60 };

        var migrate = new Command("migrate", "Apply the job database's migrations") { provider, connection, wait };
        migrate.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(provider) is { } p)
                overrides[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"] = p;
            if (parse.GetValue(connection) is { } c)
                overrides[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"] = c;
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();

            var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
                    .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning));
            services.AddCartoonDatabase(configuration, Directory.GetCurrentDirectory());
            await using var provider1 = services.BuildServiceProvider();
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var applied = await provider1.GetRequiredService<DatabaseMigrator>()
                    .MigrateWhenReachableAsync(TimeSpan.FromSeconds(parse.GetValue(wait)), ct);
                var db = provider1.GetRequiredService<CartoonDb>();
                parse.InvocationConfiguration.Output.WriteLine(applied.Count == 0
                    ? $"{db.Provider}: schema up to date"
                    : $"{db.Provider}: applied {applied.Count} migrations ({string.Join(", ", applied)})");
                return 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                error.WriteLine($"migration failed: {ex.GetBaseException().Message}");
                return 1;
            }
        });
        return new Command("db", "The gateway's job database") { migrate };
    }
}
