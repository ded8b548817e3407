using System.Net;
using Cartoon.Database;
using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Integration.Tests.Replicas;

/// <summary>Two gateway replicas on one PostgreSQL database: one Idempotency-Key makes one job, whichever replica gets it.</summary>
public sealed class IdempotencyAcrossReplicasTests : IAsyncLifetime
{
    private GatewayPair? _replicas;
    private InProcessGateway? _a;
    private InProcessGateway? _b;

    public async Task InitializeAsync()
    {
        _replicas = await GatewayPair.StartAsync("idem");
        (_a, _b) = (_replicas.A, _replicas.B);
    }

    [Fact]
    public async Task The_same_key_sent_to_both_replicas_at_once_makes_one_job()
    {
        var image = TestPictures.Png(96, 96, seed: 5);
        for (var round = 0; round < 5; round++)
        {
            var key = $"both-at-once-{round}";
            var sends = Enumerable.Range(0, 8).Select(async i =>
            {
                using var http = (i % 2 == 0 ? _a! : _b!).Client();
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = E2eImages.Form([("p.png", image)]) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request);
                return (response.StatusCode, Location: response.Headers.Location?.ToString(), Replayed: response.Headers.Contains("Idempotent-Replayed"));
            });
            var answers = await Task.WhenAll(sends);
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, a.StatusCode.ToString()));
            var created = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted && !a.Replayed).ToList();
            Assert.Single(created);
            // Replays, on either replica, name the same job.
            Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Accepted), a => Assert.Equal(created[0].Location, a.Location));
        }

        await using var ctx = _a!.Services.GetRequiredService<CartoonDb>().Create();
        Assert.Equal(5, await ctx.Jobs.CountAsync());
        Assert.Equal(5, await ctx.IdempotencyKeys.CountAsync(k => k.State == "completed"));
    }

    public async Task DisposeAsync()
    {
        if (_replicas is not null)
            await _replicas.DisposeAsync();
    }
}
