using Cartoon.Database;

namespace Cartoon.Gateway.Extensions;

public static class DatabaseCommands
{
    public const string Migrate = "migrate";

    /// <summary>How long `migrate` waits for a database that is still starting (the chart's Job allows 600 s).</summary>
    public static readonly TimeSpan MigrateWait = TimeSpan.FromMinutes(5);

    /// <summary>Applies the pending migrations (under the database lock) without starting the host; the exit code says how it went.</summary>
    public static async Task<int> MigrateDatabaseAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cartoon.Gateway.Migrate");
        try
        {
            var applied = await app.Services.GetRequiredService<DatabaseMigrator>().MigrateWhenReachableAsync(MigrateWait, CancellationToken.None);
            logger.LogInformation("Migrations done: {Count} applied", applied.Count);
            return 0;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Migrations failed");
            return 1;
        }
    }
}
