using Cartoon.OptionsValidation;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Database;

public static class DatabaseRegistration
{
    /// <summary>
    /// Job state database: options (validated at start), a pooled context factory of the configured provider
    /// (<see cref="CartoonDb"/>), the migrator, migration at start when enabled, and the "database" health check.
    /// </summary>
    public static IServiceCollection AddCartoonDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddValidatedOptions<DatabaseOptions, DatabaseOptionsValidator>(DatabaseOptions.Section);

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // The provider and connection decide what is registered here, before ValidateOnStart could run: check them first.
        ThrowIfInvalid(options);
        var provider = ProviderOf(options);
        var connection = ConnectionStringOf(options, contentRoot);
        if (provider == DatabaseProviders.Postgres)
        {
            services.AddPooledDbContextFactory<PostgresCartoonDbContext>(b => Configure(b, provider, connection, options.CommandTimeoutSeconds));
            services.AddSingleton(sp => new CartoonDb(sp.GetRequiredService<IDbContextFactory<PostgresCartoonDbContext>>().CreateDbContext, provider));
        }
        else
        {
            services.AddPooledDbContextFactory<SqliteCartoonDbContext>(b => Configure(b, provider, connection, options.CommandTimeoutSeconds));
            services.AddSingleton(sp => new CartoonDb(sp.GetRequiredService<IDbContextFactory<SqliteCartoonDbContext>>().CreateDbContext, provider));
        }
        services.AddSingleton<DatabaseMigrator>();
        if (options.MigrateAtStart ?? provider == DatabaseProviders.Sqlite)
            services.AddHostedService<MigrateAtStart>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>The same checks ValidateOnStart makes (attributes, then <see cref="DatabaseOptionsValidator"/>), all failures at once.</summary>
    internal static void ThrowIfInvalid(DatabaseOptions options)
    {
        var failures = new List<string>();
        foreach (var result in new IValidateOptions<DatabaseOptions>[] { new DataAnnotationValidateOptions<DatabaseOptions>(Options.DefaultName), new DatabaseOptionsValidator() }
                     .Select(v => v.Validate(Options.DefaultName, options)))
            failures.AddRange(result.Failures ?? []);
        if (failures.Count > 0)
            throw new OptionsValidationException(Options.DefaultName, typeof(DatabaseOptions), failures);
    }

    public static string ProviderOf(DatabaseOptions options) =>
        string.Equals(options.Provider, DatabaseProviders.Postgres, StringComparison.OrdinalIgnoreCase) ? DatabaseProviders.Postgres : DatabaseProviders.Sqlite;

    /// <summary>The configured connection string; for SQLite without one, the file under the content root.</summary>
    public static string ConnectionStringOf(DatabaseOptions options, string contentRoot)
    {
        if (ProviderOf(options) == DatabaseProviders.Postgres && !string.IsNullOrWhiteSpace(options.ConnectionString))
            return PostgresConnectionStrings.WithDefaults(options.ConnectionString);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
            return options.ConnectionString;
        if (ProviderOf(options) == DatabaseProviders.Postgres)
            return "";
        var path = Path.GetFullPath(Path.Combine(contentRoot, options.SqlitePath));
        // Pooling keeps the file's connections open between units of work (opening one costs a file open and the
        // schema read); a busy database is waited for up to the command timeout instead of failing at once.
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = options.CommandTimeoutSeconds }.ToString();
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string provider, string connection, int commandTimeout)
    {
        if (provider == DatabaseProviders.Postgres)
            builder.UseNpgsql(connection, npgsql => npgsql.CommandTimeout(commandTimeout).MigrationsHistoryTable("__ef_migrations_history"));
        else
            builder.UseSqlite(connection, sqlite => sqlite.CommandTimeout(commandTimeout).MigrationsHistoryTable("__ef_migrations_history"));
        builder.UseSnakeCaseNamingConvention();
        // Every event runs several commands; logging each at Information drowns the service's own log lines
        // (and costs CPU per item). Command timings stay visible through the Npgsql meter and Debug logging.
        builder.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandExecuted, LogLevel.Debug),
            (CoreEventId.ContextInitialized, LogLevel.Debug)));
        return builder;
    }

    private sealed class MigrateAtStart(DatabaseMigrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
