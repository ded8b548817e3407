using Cartoon.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cartoon.Gateway.Streaming;

/// <summary>
/// Holds one connection per replica that LISTENs to <see cref="JobChangeNotifier.Channel"/> and hands every job id it
/// hears to this replica's <see cref="JobChangeFeed"/>: a change committed through any replica reaches the streams open
/// on all of them. The connection is outside the pool (a pooled one would carry the LISTEN to other users); when it is
/// lost, every stream re-reads once it is back (what was committed meanwhile was not heard).
/// </summary>
public sealed partial class PostgresJobChangeListener(
    IOptions<DatabaseOptions> options,
    IHostEnvironment environment,
    JobChangeFeed feed,
    ILogger<PostgresJobChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    /// <summary>True while the LISTEN is in place (health and tests).</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(DatabaseRegistration.ConnectionStringOf(options.Value, environment.ContentRootPath))
        {
            Pooling = false,
            KeepAlive = 30,
        }.ToString();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) =>
                {
                    foreach (var id in JobChangeNotifier.ParsePayload(e.Payload))
                        feed.Publish(id);
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {JobChangeNotifier.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                Listening = true;
                LogListening(logger);
                feed.PublishAll();
                while (true)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                if (Listening)
                    LogLost(logger, ex);
                Listening = false;
                feed.PublishAll();
                try
                {
                    await Task.Delay(Reconnect, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        Listening = false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for job changes on the database")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The job-change connection to the database was lost; reconnecting (streams re-read their jobs)")]
    private static partial void LogLost(ILogger logger, Exception exception);
}
