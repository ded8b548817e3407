namespace Cartoon.Engine.Imaging;

/// <summary>
/// Runs a per-pixel loop over contiguous ranges on every core. The copies between an image and a pass's tensor sit
/// between passes that use every core, so run on one thread they left the others idle for their whole length.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>Calls <paramref name="body"/>(start, end) over [0, count) split into about two ranges per core.</summary>
    public static void For(int count, Action<int, int> body)
    {
        var parts = Math.Min(count, Environment.ProcessorCount * 2);
        if (parts <= 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, parts, p => body((int)((long)count * p / parts), (int)((long)count * (p + 1) / parts)));
    }
}
