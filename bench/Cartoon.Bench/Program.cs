using Cartoon.Bench;

return args switch
{
    ["jobs", ..] => await JobsBench.RunAsync(args[1..]),
    ["path", ..] => await PathBench.RunAsync(args[1..]),
    ["sweep", ..] => await SweepBench.RunAsync(args[1..]),
    ["rss", ..] => await RssBench.RunAsync(args[1..]),
    ["ingest", ..] => await IngestBench.RunAsync(args[1..]),
    ["storage", ..] => await StorageBench.RunAsync(args[1..]),
    ["events", ..] => await EventsBench.RunAsync(args[1..]),
    ["sse", ..] => await SseBench.RunAsync(args[1..]),
    ["uploads", ..] => await UploadsBench.RunAsync(args[1..]),
    ["overhead", ..] => await PassOverheadBench.RunAsync(args[1..]),
    ["cli", ..] => await CliBench.RunAsync(args[1..]),
    ["naive", ..] => NaivePeer.Run(args[1..]),
    ["memory", ..] => await MemorySettingsBench.RunAsync(args[1..]),
    ["memory-child", ..] => MemorySettingsBench.RunChild(args[1..]),
    ["detail", ..] => await DetailBench.RunAsync(args[1..]),
    ["detail-child", ..] => await DetailBench.RunChildAsync(args[1..]),
    ["engine", ..] => await BenchCommand.RunAsync(args[1..]),
    ["gpu", ..] => await GpuBench.RunAsync(args[1..]),
    ["chunks", ..] => await ChunkCodecBench.RunAsync(args[1..]),
    ["video", ..] => await VideoBench.RunAsync(args[1..]),
    _ => await BenchCommand.RunAsync(args),
};
