using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cartoon.Storage;

/// <summary>
/// Runs <see cref="IBlobStore.EnsureReadyAsync"/> when the host starts (bucket or folders created if missing).
/// If the store stays unreachable through the retries, it logs one critical line naming the store and throws,
/// so the host fails fast instead of serving requests it cannot store. Registered by
/// <see cref="StorageServiceCollectionExtensions.AddCartoonStorage"/>: call that before registering hosted
/// services that use storage, since hosted services start in registration order.
/// </summary>
public sealed class StorageInitializer(IBlobStore store, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.StorageNotReady(logger, ex, store.ToString() ?? store.GetType().Name, ex.Message);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
