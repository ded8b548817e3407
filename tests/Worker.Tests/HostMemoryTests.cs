using Cartoon.Worker.Hardware;

namespace Cartoon.Worker.Tests;

/// <summary>The cgroup-aware host memory reader over files laid out as /proc and /sys/fs/cgroup are.</summary>
public sealed class HostMemoryTests : IDisposable
{
    private const long GiB = 1024L * 1024 * 1024;
    private readonly string _root = Directory.CreateTempSubdirectory("cartoon-host-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private void MemTotal(long kib) => Write("proc/meminfo", $"MemTotal:       {kib} kB\nMemFree:         1000 kB\n");

    [Fact]
    public void Without_a_cgroup_limit_it_is_the_machines_memory()
    {
        MemTotal(24683748);

        var memory = HostMemory.Read(_root);

        Assert.Equal(24683748L * 1024, memory.Bytes);
        Assert.Equal("/proc/meminfo MemTotal", memory.Source);
    }

    [Fact]
    public void A_cgroup_v2_limit_below_the_machines_memory_wins()
    {
        MemTotal(64L * 1024 * 1024);
        Write("sys/fs/cgroup/memory.max", $"{8 * GiB}\n");

        var memory = HostMemory.Read(_root);

        Assert.Equal(8 * GiB, memory.Bytes);
        Assert.Equal("cgroup v2 memory.max", memory.Source);
    }

    [Fact]
    public void An_unlimited_cgroup_v2_reads_max_and_leaves_the_machines_memory()
    {
        MemTotal(16L * 1024 * 1024);
        Write("sys/fs/cgroup/memory.max", "max\n");

        Assert.Equal(16 * GiB, HostMemory.Read(_root).Bytes);
    }

    [Fact]
    public void A_cgroup_v1_limit_counts_and_its_unlimited_value_does_not()
    {
        MemTotal(16L * 1024 * 1024);
        Write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n"); // v1's "no limit"
        Assert.Equal(16 * GiB, HostMemory.Read(_root).Bytes);

        Write("sys/fs/cgroup/memory/memory.limit_in_bytes", $"{4 * GiB}\n");
        var memory = HostMemory.Read(_root);
        Assert.Equal(4 * GiB, memory.Bytes);
        Assert.Equal("cgroup v1 memory.limit_in_bytes", memory.Source);
    }

    [Fact]
    public void Without_proc_it_asks_the_runtime()
    {
        var memory = HostMemory.Read(_root);

        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, memory.Bytes);
        Assert.Equal("GC total available memory", memory.Source);
    }
}
