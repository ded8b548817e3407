using System.Diagnostics;
using System.Net;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// Fault 3: the S3 server stopped for 20 s while items are in flight (scripts/services.sh stop-s3, then start-s3: the
/// data stays). The gateway answers 503 + Retry-After (storage_unavailable) while it cannot store, never 500; the
/// worker's group retries and the gateway's event retries outlast the outage, so every accepted item completes.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private const int Jobs = 3;
    private const int ItemsPerJob = 8;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task While_S3_is_down_for_20_s_submits_get_503_with_Retry_After_and_every_accepted_item_completes_once_it_is_back()
    {
        await using var stack = await ProcessStack.CreateAsync();
        using var report = new Finally(() => stack.LogOutputsTo(output));
        try
        {
            var tap = await OutcomeTap.StartAsync(stack.VirtualHost);
            var gateway = await stack.StartGatewayAsync();
            await stack.StartWorkerAsync();
            var api = new JobsApi(() => gateway);
            var pictures = ProcessStack.Pictures(ItemsPerJob);

            var ids = new List<Guid>();
            for (var j = 0; j < Jobs; j++)
            {
                var answer = await api.SubmitAsync(pictures);
                Assert.True(answer.Accepted, $"submit {j}: {answer} {answer.Body}");
                ids.Add(answer.Job!.Id);
            }
            var before = await tap.WaitForAsync(1, TimeSpan.FromMinutes(2)); // the worker is at work

            var clock = Stopwatch.StartNew();
            await LocalServices.RunAsync("stop-s3");
            var downFor = Stopwatch.StartNew();
            var duringOutage = new List<SubmitAnswer>();
            var statusAnswers = new List<HttpStatusCode>();
            while (downFor.Elapsed < Outage)
            {
                duringOutage.Add(await api.SubmitAsync([pictures[0]]));
                statusAnswers.Add(await StatusCodeOfAsync(gateway, ids[^1]));
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            var outage = downFor.Elapsed;
            await LocalServices.RunAsync("start-s3");
            var backAt = clock.Elapsed;

            foreach (var answer in duringOutage)
            {
                Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"submit while S3 is down: {answer} {answer.Body}");
                Assert.Equal("application/problem+json", answer.ContentType);
                Assert.Equal(ProblemReasons.StorageUnavailable, answer.Reason);
                Assert.False(string.IsNullOrEmpty(answer.RetryAfter), "503 without Retry-After");
            }
            // A status read may be served from the gateway's cache (200) or refused (503), never a 500.
            Assert.All(statusAnswers, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"GET job while S3 is down: {(int)s}"));

            var jobs = await api.WaitAllTerminalAsync(ids, TimeSpan.FromMinutes(3), stack.DescribeAll);
            var recovered = clock.Elapsed - backAt;
            var items = jobs.SelectMany(j => j.Items).ToList();
            var notSucceeded = jobs.SelectMany(j => j.Items.Where(i => i.Status != JobStatuses.Succeeded).Select(i => $"{j.Id}/{i.Index} {i.Status} {i.Reason}")).ToList();
            Assert.True(notSucceeded.Count == 0, "items not succeeded: " + string.Join(", ", notSucceeded));
            Assert.Equal(Jobs * ItemsPerJob, await api.VerifyResultsAsync(jobs, ProcessStack.ImageSide, ProcessStack.ImageSide));

            var ledger = await tap.ReadAsync();
            Assert.Equal(Jobs * ItemsPerJob, ledger.Distinct);
            Assert.True(ledger.Conflicts.Count == 0, "items announced with different outcomes: " + string.Join("; ", ledger.Conflicts));
            stack.AssertNoCrash();
            output.WriteLine($"S3 down {outage.TotalSeconds:F1} s with {Jobs * ItemsPerJob - before.Distinct} of {Jobs * ItemsPerJob} items pending: " +
                             $"{duringOutage.Count} submits during the outage all 503 storage_unavailable + Retry-After " +
                             $"(status reads: {string.Join(",", statusAnswers.Select(s => (int)s).Distinct())}); accepted {items.Count}, " +
                             $"completed {items.Count(i => i.Status == JobStatuses.Succeeded)}, lost 0, conflicting outcomes 0, " +
                             $"duplicate announcements {ledger.Duplicates}; all done {recovered.TotalSeconds:F1} s after S3 was back");
        }
        finally
        {
            await LocalServices.EnsureUpAsync();
        }
    }

    private static async Task<HttpStatusCode> StatusCodeOfAsync(AppProcess gateway, Guid id)
    {
        using var http = gateway.CreateClient(TimeSpan.FromSeconds(60));
        using var response = await http.GetAsync($"/v1/jobs/{id}");
        return response.StatusCode;
    }
}
