using System.Diagnostics;
using Cartoon.Storage;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;

namespace Cartoon.Bench;

/// <summary>
/// `storage [--calls 200] [--out FILE]`: what one call of each kind costs the S3 server (CPU-ms of its process, from
/// /proc), the caller's own CPU and its wall time, through the same <see cref="S3BlobStore"/> (MinIO SDK) the gateway and worker use:
/// small JSON get / missing get / put, a 1.5 MB put and get, stat, and a list of a 16-key prefix; and, in the same run,
/// the MinIO SDK's own GetObject / StatObject (three and two requests: HEAD bucket, HEAD object, GET) and PutObject
/// (the body hashed for a signed payload), which the store used before. Turns the path benchmark's call counts into CPU.
/// </summary>
internal static class StorageBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Args.Int(args, "--calls", 200);
        var report = new Report(Args.String(args, "--out"));
        report.Header("S3 server cost per call", $"Cartoon.Bench storage --calls {calls}");
        string Env(string name) => Environment.GetEnvironmentVariable(name)
            ?? throw new InvalidOperationException($"{name} is not set: source .local/services.env.");
        var bucket = $"bench-storage-{DateTime.UtcNow:MMddHHmmss}";
        using var store = new S3BlobStore(Options.Create(new StorageOptions
        {
            Provider = StorageProviders.S3,
            S3Endpoint = Env("CARTOON_TEST_S3"),
            S3AccessKey = Env("CARTOON_TEST_S3_ACCESS_KEY"),
            S3SecretKey = Env("CARTOON_TEST_S3_SECRET_KEY"),
            Bucket = bucket,
        }));
        await store.EnsureReadyAsync();
        using var sdk = new MinioClient().WithEndpoint(Env("CARTOON_TEST_S3"))
            .WithCredentials(Env("CARTOON_TEST_S3_ACCESS_KEY"), Env("CARTOON_TEST_S3_SECRET_KEY")).WithRegion("us-east-1").Build();
        async Task SdkGet(string key) => await sdk.GetObjectAsync(new GetObjectArgs().WithBucket(bucket).WithObject(key)
            .WithCallbackStream((stream, ct) => stream.CopyToAsync(Stream.Null, ct)));
        async Task SdkPut(string key, byte[] data)
        {
            using var stream = new MemoryStream(data, writable: false);
            await sdk.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject(key).WithStreamData(stream)
                .WithObjectSize(data.Length).WithContentType("application/octet-stream"));
        }
        var json = """{"index":3,"status":"succeeded","updatedAt":"2026-11-28T05:00:00Z","width":1024,"height":1024}"""u8.ToArray();
        var big = new byte[1_500_000];
        Random.Shared.NextBytes(big);
        for (var i = 0; i < 16; i++)
            await store.PutAsync($"list/items/{i}.json", json, "application/json");

        var rows = new (string Name, Func<int, Task> Call)[]
        {
            ("put small JSON (100 B)", i => store.PutAsync($"small/{i}.json", json, "application/json")),
            ("get small JSON", i => store.GetAsync($"small/{i}.json")),
            ("get missing key (404)", i => store.GetAsync($"missing/{i}.json")),
            ("stat", i => store.ExistsAsync($"small/{i}.json")),
            ("list 16 keys", async _ => { await foreach (var item in store.ListAsync("list/items/")) GC.KeepAlive(item); }),
            ("put 1.5 MB", i => store.PutAsync($"big/{i % 20}.bin", big, "application/octet-stream")),
            ("get 1.5 MB", i => store.GetAsync($"big/{i % 20}.bin")),
            ("before: SDK GetObject, small JSON", i => SdkGet($"small/{i}.json")),
            ("before: SDK StatObject", i => sdk.StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject($"small/{i}.json"))),
            ("before: SDK GetObject, 1.5 MB", i => SdkGet($"big/{i % 20}.bin")),
            ("before: SDK PutObject, small JSON", i => SdkPut($"small/{i}.json", json)),
            ("before: SDK PutObject, 1.5 MB", i => SdkPut($"big/{i % 20}.bin", big)),
        };
        report.Line($"S3 server: {Env("CARTOON_TEST_S3")} (the one scripts/services.sh runs); bucket {bucket}; {calls} calls per row, one at a time, after 10 untimed.");
        report.Line();
        report.Line("| call | server CPU-ms per call | caller CPU-ms per call | caller wall ms per call |");
        report.Line("| --- | --- | --- | --- |");
        foreach (var (name, call) in rows)
        {
            for (var i = 0; i < 10; i++)
                await call(i);
            var cpu = new CpuMeter().WithServices();
            cpu.Start();
            var clock = Stopwatch.StartNew();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < calls; i++)
                await call(i);
            var wall = clock.Elapsed.TotalMilliseconds / calls;
            var caller = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalMilliseconds / calls;
            var s3 = cpu.Stop().First(p => p.Name == "s3rver").Seconds * 1000 / calls;
            report.Line($"| {name} | {s3:F2} | {caller:F2} | {wall:F2} |");
        }
        await report.SaveAsync();
        return 0;
    }
}
