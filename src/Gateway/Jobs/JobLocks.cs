namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Serializes updates of one job inside this process (events, cancel, webhook bookkeeping), so "all items
/// terminal" is seen by exactly one update and JobCompleted goes out once. Striped: a fixed set of semaphores
/// indexed by the job id, so nothing grows with the number of jobs.
/// </summary>
public sealed class JobLocks
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(Guid jobId, CancellationToken ct)
    {
        var stripe = _stripes[(jobId.GetHashCode() & 0x7fffffff) % _stripes.Length];
        await stripe.WaitAsync(ct);
        return new Releaser(stripe);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                semaphore.Release();
        }
    }
}
