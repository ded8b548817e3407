using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Video;

/// <summary>
/// Bounds the MEMORY of frame chunks on one worker: at most Tiers:ConcurrencyLimit chunks decoded (and their cartoon
/// frames) at once, whatever the tier endpoints' prefetch delivers. A process-local semaphore is right here: it limits
/// this process's memory, it decides nothing between workers.
/// </summary>
public sealed class FrameChunkGate(IOptions<TierOptions> tiers) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(tiers.Value.ConcurrencyLimit, tiers.Value.ConcurrencyLimit);

    public int Capacity { get; } = tiers.Value.ConcurrencyLimit;

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
