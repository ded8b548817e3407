using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Faults;
using Xunit.Abstractions;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Replicas;

/// <summary>
/// PostgreSQL restarted while two gateway replicas take submits, status polls and worker events: submits the gateway
/// cannot commit are answered 503 with Retry-After (and retried by the client), events wait in their retries until
/// the database is back, and every accepted job ends with its one webhook. Nothing answers 500.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private const int Jobs = 40;

    [Fact]
    public async Task A_postgres_restart_mid_run_loses_nothing_and_answers_503_never_500()
    {
        await using var stack = await ProcessStack.CreateAsync();
        using var report = new Finally(() => stack.LogOutputsTo(output));
        await using var receiver = await WebhookReceiver.StartAsync();
        var gateways = new[] { await stack.StartGatewayAsync(), await stack.StartGatewayAsync() };
        await stack.StartWorkerAsync();
        var client = new ReplicaClient(gateways);
        var pictures = ProcessStack.Pictures(8);

        var accepted = new List<JobView>();
        var restart = Task.CompletedTask;
        var restartTook = TimeSpan.Zero;
        for (var i = 0; i < Jobs; i++)
        {
            if (i == Jobs / 4)
                restart = Task.Run(async () => restartTook = await LocalServices.RunAsync("restart-postgres"));
            accepted.Add(await client.SubmitAsync([pictures[i % pictures.Count]], $"pg-restart-{i:D3}", TimeSpan.FromMinutes(2),
                ("webhook", receiver.Url)));
            // Status polls through the restart too: 503 is fine, 500 is not.
            await client.GetAsync<JobView>($"/v1/jobs/{accepted[^1].Id}");
        }
        await restart;

        var api = new JobsApi(() => gateways[0]);
        var jobs = await api.WaitAllTerminalAsync(accepted.Select(j => j.Id).ToList(), TimeSpan.FromMinutes(5), stack.DescribeAll);
        Assert.All(jobs, j => Assert.Equal(JobStatuses.Succeeded, j.Status));
        foreach (var job in jobs)
        {
            var hooks = await receiver.WaitForAsync(job.Id, 1, TimeSpan.FromMinutes(1));
            Assert.Single(hooks.Select(h => h.Id).Distinct());
        }
        Assert.True(client.Problems.Count == 0, "answers other than 2xx/4xx/503+Retry-After: " + string.Join("; ", client.Problems));
        stack.AssertNoCrash();
        output.WriteLine($"PostgreSQL restarted in {restartTook.TotalSeconds:F1} s during {Jobs} submits over 2 replicas: all {Jobs} jobs succeeded, " +
                         $"one webhook each; answers: " +
                         string.Join(", ", client.Answers.GroupBy(a => (int)a).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
    }
}
