using System.Net;
using System.Text.Json;
using Cartoon.Integration.Tests.Faults;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Tests.Shared.Hostile;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Hostile;

/// <summary>
/// The hostile corpus against a real, separate gateway process in its default embedded mode (API + worker + the real
/// DCT-Net engine on CPU in one process): two warm-up passes, then a measured pass. The process must still be running
/// after all three, every part must get its expected outcome again, and its resident memory after the measured pass must
/// stay within 10 % of what it was after the warm-up passes (a leak per bad input would grow it each pass).
/// Runs alone (fault collection) so other tests' load does not blur the measurement.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class CorpusProcessTests(ITestOutputHelper output)
{
    private const double AllowedGrowth = 0.10;

    [Fact]
    public async Task The_worker_process_survives_the_corpus_and_its_memory_does_not_grow()
    {
        var storage = Path.Combine(Path.GetTempPath(), "cartoon-hostile", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>(HostileCorpus.UploadSettings)
        {
            ["Gateway:Mode"] = "Embedded",
            ["Messaging:Transport"] = "InMemory",
            ["Storage:Provider"] = "FileSystem",
            ["Storage:Root"] = storage,
            ["Database:SqlitePath"] = Path.Combine(storage, "cartoon.db"),
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "256x256",
            ["RateLimits:Enabled"] = "false", // three passes of the corpus from one address exceed 60 submits/min
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var gateway = AppProcess.Start(AppProject.Gateway, settings, name: "embedded-gateway");
        try
        {
            await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
            using var http = gateway.CreateClient(TimeSpan.FromMinutes(2));

            // Two warm-up passes: the first loads what each input shape needs, the second lets the allocators
            // (GC heaps, ONNX Runtime, ImageSharp's pool) reach the high-water mark of this mix; the third is measured.
            var requests = await RunCorpusAsync(http, gateway);
            var afterFirst = await SettledRssAsync(gateway);
            await RunCorpusAsync(http, gateway);
            var before = await SettledRssAsync(gateway);
            var heapBefore = await CommittedHeapAsync(http);
            await RunCorpusAsync(http, gateway);
            var after = await SettledRssAsync(gateway);
            var heapAfter = await CommittedHeapAsync(http);
            var growth = (double)(after - before) / before;
            output.WriteLine($"cases: {HostileCorpus.Cases.Count}, {requests} requests a pass; RSS after pass 1 {Mib(afterFirst)}, " +
                             $"after pass 2 {Mib(before)}, after pass 3 {Mib(after)} ({growth:+0.0%;-0.0%} over the measured pass); " +
                             $"GC committed {Mib(heapBefore)} -> {Mib(heapAfter)}; process running: {!gateway.HasExited}");
            Assert.False(gateway.HasExited, gateway.Describe());
            Assert.True(growth <= AllowedGrowth, $"RSS grew {growth:P1} (from {before} to {after} bytes), allowed {AllowedGrowth:P0}.");
        }
        finally
        {
            if (Directory.Exists(storage))
                Directory.Delete(storage, recursive: true);
        }
    }

    /// <summary>
    /// File cases go 16 parts to a job, grouped by their fields: rejected parts are listed in the job's rejected[],
    /// accepted ones run on the engine; request-level cases are sent one by one. Returns the number of requests.
    /// </summary>
    private static async Task<int> RunCorpusAsync(HttpClient http, AppProcess gateway)
    {
        var requests = 0;
        // Animations are video items: their way through the video workers is tested with the video pipeline, not here.
        var fileCases = HostileCorpus.Cases.Where(c => c.Body is null && c.Expected.Reason != "invalid_options"
                                                       && c.Expected.Outcome != HostileOutcome.AcceptedAsVideo).ToList();
        foreach (var group in fileCases.GroupBy(c => string.Join('&', c.Fields.Select(f => $"{f.Name}={f.Value}"))))
        {
            foreach (var chunk in group.Chunk(16))
            {
                requests++;
                using var response = await http.PostAsync("/v1/jobs", Multipart.Form(chunk.Select(c => c.Image!), chunk[0].Fields));
                var body = await response.Content.ReadAsStringAsync();
                var job = JsonDocument.Parse(body).RootElement;
                if (chunk.All(c => c.Expected.Outcome == HostileOutcome.Rejected))
                {
                    // No usable part: the whole request is refused, listing every part with its reason.
                    Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} {body}");
                    AssertOutcomes(chunk, job, EmptyJob);
                    continue;
                }

                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {body} {gateway.Describe()}");
                var id = job.GetProperty("id").GetString();
                var done = await WaitUntilTerminalAsync(http, id!, gateway);
                AssertOutcomes(chunk, job, done);
            }
        }

        // Over-cap bodies are left to the in-process theory: on a socket the 413 can race the upload (broken pipe).
        foreach (var c in HostileCorpus.Cases.Where(c => (c.Body is not null || c.Expected.Reason == "invalid_options") && !c.OverRequestCap))
        {
            requests++;
            using var response = await http.PostAsync("/v1/jobs", c.CreateContent());
            if (c.Expected.Outcome == HostileOutcome.Rejected)
            {
                Assert.True((int)response.StatusCode == c.Expected.Status, $"{c.Name}: {(int)response.StatusCode}");
                continue;
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            var done = await WaitUntilTerminalAsync(http, id!, gateway);
            AssertOutcomes([c], done, done);
        }

        return requests;
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:0.0} MiB";

    /// <summary>The managed heap's committed bytes at the last GC (the runtime metrics on /metrics).</summary>
    private static async Task<long> CommittedHeapAsync(HttpClient http)
    {
        var line = (await http.GetStringAsync("/metrics")).Split('\n')
            .FirstOrDefault(l => l.StartsWith("dotnet_gc_last_collection_memory_committed_size_bytes", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static readonly JsonElement EmptyJob = JsonDocument.Parse("{\"items\":[]}").RootElement;

    private static void AssertOutcomes(IReadOnlyList<HostileCase> parts, JsonElement submitted, JsonElement done)
    {
        var items = done.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("index").GetInt32());
        var rejected = submitted.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("index").GetInt32());
        for (var index = 0; index < parts.Count; index++)
        {
            var c = parts[index];
            switch (c.Expected.Outcome)
            {
                case HostileOutcome.Rejected:
                    Assert.True(rejected.TryGetValue(index, out var part), $"{c.Name} should be rejected at submit");
                    Assert.Equal(c.Expected.Reason, part.GetProperty("reason").GetString());
                    break;
                case HostileOutcome.ItemFails:
                    Assert.True(items.TryGetValue(index, out var failed), $"{c.Name} should be accepted");
                    Assert.Equal(("failed", c.Expected.Reason), (failed.GetProperty("status").GetString(), failed.GetProperty("reason").GetString()));
                    break;
                default:
                    Assert.True(items.TryGetValue(index, out var succeeded), $"{c.Name} should be accepted");
                    Assert.True(succeeded.GetProperty("status").GetString() == "succeeded", $"{c.Name}: {succeeded}");
                    break;
            }
        }
    }

    private static async Task<JsonElement> WaitUntilTerminalAsync(HttpClient http, string id, AppProcess gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            Assert.False(gateway.HasExited, gateway.Describe());
            var job = JsonDocument.Parse(await http.GetStringAsync($"/v1/jobs/{id}")).RootElement;
            if (job.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled")
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {id} not done: {job}");
            await Task.Delay(200);
        }
    }

    /// <summary>RSS once the process is idle and its memory has settled: two samples 2 s apart within 1 % (at most 30 s).</summary>
    private static async Task<long> SettledRssAsync(AppProcess gateway)
    {
        var last = gateway.RssBytes;
        for (var i = 0; i < 15; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = gateway.RssBytes;
            if (Math.Abs(now - last) <= last / 100)
                return now;
            last = now;
        }
        return last;
    }
}
