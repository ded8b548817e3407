using Cartoon.Database;

namespace Cartoon.Gateway.Tests.Database;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Items_handed_in_while_a_write_is_in_flight_go_together_in_the_next_one_and_each_caller_gets_its_own_result()
    {
        var groups = new List<IReadOnlyList<int>>();
        var firstWriteHeld = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        await using var commits = new GroupCommit<int, string>(async items =>
        {
            lock (groups)
                groups.Add(items);
            if (groups.Count == 1)
            {
                firstWriteHeld.SetResult();
                await releaseFirst.Task;
            }
            return [.. items.Select(i => $"row {i}")];
        }, maxGroup: 10);

        var first = commits.WriteAsync(0, CancellationToken.None);
        await firstWriteHeld.Task;
        var queued = Enumerable.Range(1, 5).Select(i => commits.WriteAsync(i, CancellationToken.None)).ToList();
        Assert.All(queued, t => Assert.False(t.IsCompleted)); // nothing returns before its own write committed
        releaseFirst.SetResult();

        Assert.Equal("row 0", await first);
        Assert.Equal(["row 1", "row 2", "row 3", "row 4", "row 5"], await Task.WhenAll(queued));
        Assert.Equal([[0], [1, 2, 3, 4, 5]], groups.Select(g => g.ToArray()).ToArray());
    }

    [Fact]
    public async Task A_group_never_exceeds_its_limit()
    {
        var sizes = new List<int>();
        var gate = new TaskCompletionSource();
        await using var commits = new GroupCommit<int, int>(async items =>
        {
            sizes.Add(items.Count);
            await gate.Task;
            return items;
        }, maxGroup: 3);

        var all = Enumerable.Range(0, 10).Select(i => commits.WriteAsync(i, CancellationToken.None)).ToList();
        gate.SetResult();

        Assert.Equal(Enumerable.Range(0, 10), await Task.WhenAll(all));
        Assert.All(sizes, s => Assert.InRange(s, 1, 3));
        Assert.Equal(10, sizes.Sum());
    }

    [Fact]
    public async Task A_failed_write_fails_its_own_callers_only_and_the_next_group_is_written()
    {
        var calls = 0;
        var firstWriteHeld = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        await using var commits = new GroupCommit<int, int>(async items =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstWriteHeld.SetResult();
                await releaseFirst.Task;
                throw new InvalidOperationException("database restarting");
            }
            return items;
        }, maxGroup: 10);

        var failing = commits.WriteAsync(1, CancellationToken.None);
        await firstWriteHeld.Task;
        var next = commits.WriteAsync(2, CancellationToken.None);
        releaseFirst.SetResult();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("database restarting", error.Message);
        Assert.Equal(2, await next);
    }

    [Fact]
    public async Task A_write_that_returns_the_wrong_number_of_results_fails_its_callers()
    {
        await using var commits = new GroupCommit<int, int>(_ => Task.FromResult<IReadOnlyList<int>>([]), maxGroup: 4);

        await Assert.ThrowsAsync<InvalidOperationException>(() => commits.WriteAsync(1, CancellationToken.None));
    }
}
