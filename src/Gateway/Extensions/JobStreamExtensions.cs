using Cartoon.Database;
using Cartoon.Gateway.Streaming;
using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Extensions;

public static class JobStreamExtensions
{
    /// <summary>
    /// Job event streams: options (validated at start), this process's change feed, the notifier the job writers call,
    /// and on PostgreSQL the listener that brings every replica's commits to this one's streams.
    /// </summary>
    public static IHostApplicationBuilder AddJobStreams(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<JobStreamOptions, JobStreamOptionsValidator>(JobStreamOptions.Section);
        services.AddSingleton<JobChangeFeed>();
        services.AddSingleton<JobChangeNotifier>();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (DatabaseRegistration.ProviderOf(database) == DatabaseProviders.Postgres)
        {
            services.AddSingleton<PostgresJobChangeListener>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresJobChangeListener>());
        }
        return builder;
    }
}
