using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// Fault 2: RabbitMQ restarted (scripts/services.sh restart-rabbitmq: a full stop and start of the node) while 60
/// submissions arrive. A submit answers 202 only once the broker confirmed its commands (publisher confirms); the
/// queues are durable quorum queues, so a confirmed command survives the restart, and gateway and worker reconnect on
/// their own. A submit the broker could not take answers 503 + Retry-After (ProblemDetails), never a hang.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class BrokerRestartTests(ITestOutputHelper output)
{
    private const int Submissions = 60;
    private const int PerPhase = 20;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Every_submission_accepted_while_the_broker_restarts_completes_and_every_other_one_gets_a_503()
    {
        await using var stack = await ProcessStack.CreateAsync();
        using var report = new Finally(() => stack.LogOutputsTo(output));
        try
        {
            var tap = await OutcomeTap.StartAsync(stack.VirtualHost);
            var gateway = await stack.StartGatewayAsync();
            await stack.StartWorkerAsync();
            var api = new JobsApi(() => gateway);
            var pictures = ProcessStack.Pictures(Submissions);

            var clock = Stopwatch.StartNew();
            var answers = new ConcurrentDictionary<int, SubmitAnswer>();
            var errors = new ConcurrentDictionary<int, string>();
            var submits = new List<Task>();
            var next = 0;
            async Task SubmitAsync(int count)
            {
                for (var k = 0; k < count; k++)
                {
                    var n = next++;
                    submits.Add(Task.Run(async () =>
                    {
                        try
                        {
                            answers[n] = await api.SubmitAsync([pictures[n]]);
                        }
                        catch (Exception ex)
                        {
                            errors[n] = $"{ex.GetType().Name}: {ex.Message}"; // a hang (client timeout) or a dropped connection
                        }
                    }));
                    await Task.Delay(Pace);
                }
            }

            // A third before, a third while the broker is down (the stop takes a while to begin on a loaded machine,
            // so wait until its port refuses), a third once it is back.
            await SubmitAsync(PerPhase);
            var restart = LocalServices.RunAsync("restart-rabbitmq");
            await WaitUntilBrokerRefusesAsync(stack.Rabbit, restart);
            var downAt = clock.Elapsed;
            await SubmitAsync(PerPhase);
            var restartTook = await restart;
            var restartedAt = clock.Elapsed;
            await SubmitAsync(Submissions - 2 * PerPhase);
            await Task.WhenAll(submits);

            Assert.True(errors.IsEmpty, "submissions without an HTTP answer: " + string.Join("; ", errors.Select(e => $"#{e.Key} {e.Value}")));
            var accepted = answers.Where(a => a.Value.Accepted).OrderBy(a => a.Key).ToList();
            var refused = answers.Where(a => !a.Value.Accepted).OrderBy(a => a.Key).ToList();
            foreach (var (n, answer) in refused)
            {
                Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"#{n}: {answer} {answer.Body}");
                Assert.Equal("application/problem+json", answer.ContentType);
                Assert.Equal(ProblemReasons.BrokerUnavailable, answer.Reason);
                Assert.False(string.IsNullOrEmpty(answer.RetryAfter), $"#{n}: 503 without Retry-After");
            }
            Assert.True(refused.Count >= 1, "no submit was refused: the restart did not overlap the submissions");
            Assert.True(accepted.Count >= 2 * PerPhase, $"only {accepted.Count} accepted");

            var ids = accepted.Select(a => a.Value.Job!.Id).ToList();
            var jobs = await api.WaitAllTerminalAsync(ids, TimeSpan.FromMinutes(4), stack.DescribeAll);
            var recovered = clock.Elapsed - restartedAt;
            var notSucceeded = jobs.Where(j => j.Status != JobStatuses.Succeeded)
                .Select(j => $"{j.Id} {j.Status} {string.Join(",", j.Items.Select(i => i.Reason))}").ToList();
            Assert.True(notSucceeded.Count == 0, "accepted jobs that did not succeed: " + string.Join("; ", notSucceeded) + Environment.NewLine + stack.DescribeAll());
            Assert.Equal(accepted.Count, await api.VerifyResultsAsync(jobs, ProcessStack.ImageSide, ProcessStack.ImageSide));

            var ledger = await tap.ReadAsync();
            Assert.True(ledger.Conflicts.Count == 0, "items announced with different outcomes: " + string.Join("; ", ledger.Conflicts));
            var acceptedIds = ids.ToHashSet();
            var unannounced = ids.Where(id => ledger.OutcomesOf(id, 0).Count == 0).ToList();
            Assert.True(unannounced.Count == 0, "accepted items the tap never saw announced: " + string.Join(", ", unannounced));
            stack.AssertNoCrash();
            output.WriteLine($"broker restart ({restartTook.TotalSeconds:F1} s, down for {(restartedAt - downAt).TotalSeconds:F1} s) during {Submissions} submissions: accepted {accepted.Count} " +
                             $"(202), refused {refused.Count} (503 broker_unavailable + Retry-After: #{string.Join(",", refused.Select(r => r.Key))}), " +
                             $"no answer 0; accepted completed {jobs.Count(j => j.Status == JobStatuses.Succeeded)}, lost 0, conflicting outcomes 0, " +
                             $"duplicate announcements {ledger.Duplicates} ({ledger.Seen.Count(s => !acceptedIds.Contains(s.JobId))} about refused jobs); " +
                             $"all done {recovered.TotalSeconds:F1} s after the restart ended (run {clock.Elapsed.TotalSeconds:F1} s)");
        }
        finally
        {
            await LocalServices.EnsureUpAsync();
        }
    }

    /// <summary>Until a TCP connect to the broker's AMQP port is refused: the restart has stopped the node.</summary>
    private static async Task WaitUntilBrokerRefusesAsync(Infrastructure.RabbitMqEndpoint rabbit, Task restart)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (restart.IsFaulted)
                await restart; // the script failed: its message
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(rabbit.Host, rabbit.Port).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or TimeoutException)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("scripts/services.sh restart-rabbitmq did not stop the broker within 3 min");
    }
}
