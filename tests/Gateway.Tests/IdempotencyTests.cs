using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Gateway.Idempotency;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Gateway.Tests;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private readonly GatewayApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static HttpRequestMessage Submit(string? key, byte[] image, string style = "anime")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
        {
            Content = TestImages.Form([("me.png", image)], ("style", style)),
        };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task Same_key_and_request_replays_the_first_response_even_after_a_restart()
    {
        var image = TestImages.Png(seed: 5);
        using var client = _app.CreateClient();
        using var first = await client.SendAsync(Submit("key-1", image));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();

        using var second = await client.SendAsync(Submit("key-1", image));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, _app.JobCount());

        await using var restarted = new GatewayApp(_app.StorageRoot);
        using var restartedClient = restarted.CreateClient();
        using var third = await restartedClient.SendAsync(Submit("key-1", image));
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        Assert.Equal(firstBody, await third.Content.ReadAsStringAsync());
        Assert.Equal(1, restarted.JobCount());
    }

    [Fact]
    public async Task Same_key_with_a_different_request_is_422()
    {
        using var client = _app.CreateClient();
        using var first = await client.SendAsync(Submit("key-2", TestImages.Png(seed: 1)));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var otherImage = await client.SendAsync(Submit("key-2", TestImages.Png(seed: 2)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherImage.StatusCode);
        Assert.Equal("idempotency_key_reused", (await otherImage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        using var otherStyle = await client.SendAsync(Submit("key-2", TestImages.Png(seed: 1), "sketch"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherStyle.StatusCode);
        Assert.Equal(1, _app.JobCount());
    }

    [Fact]
    public async Task Same_key_while_the_first_is_in_flight_is_409_then_proceeds_once_released()
    {
        var service = _app.Services.GetRequiredService<IdempotencyService>();
        using var client = _app.CreateClient();
        var held = await service.BeginAsync("default", "key-3", "another-request-in-flight", CancellationToken.None);
        Assert.Equal(IdempotencyDecision.Proceed, held.Decision);

        using var concurrent = await client.SendAsync(Submit("key-3", TestImages.Png()));
        Assert.Equal(HttpStatusCode.Conflict, concurrent.StatusCode);
        Assert.Equal("idempotency_key_in_use", (await concurrent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(0, _app.JobCount());

        await held.Lease!.AbandonAsync();
        using var after = await client.SendAsync(Submit("key-3", TestImages.Png()));
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
    }

    [Fact]
    public async Task Concurrent_identical_requests_create_one_job()
    {
        using var client = _app.CreateClient();
        var image = TestImages.Png(200, 200, seed: 7);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(Submit("key-4", image))));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(1, _app.JobCount());
        foreach (var r in responses)
            r.Dispose();
    }

    [Fact]
    public async Task A_rejected_request_is_not_stored_so_a_corrected_retry_with_the_key_proceeds()
    {
        using var client = _app.CreateClient();
        using var bad = await client.SendAsync(Submit("key-5", TestImages.Png(), style: "pixar"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var good = await client.SendAsync(Submit("key-5", TestImages.Png()));
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
    }

    [Fact]
    public async Task Keys_longer_than_255_characters_are_400()
    {
        using var client = _app.CreateClient();
        using var ok = await client.SendAsync(Submit(new string('k', 255), TestImages.Png()));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        using var tooLong = await client.SendAsync(Submit(new string('k', 256), TestImages.Png()));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("invalid_idempotency_key", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Expired_keys_are_swept()
    {
        await using var shortLived = new GatewayApp(settings: new Dictionary<string, string?> { ["Idempotency:Retention"] = "00:00:01" });
        using var client = shortLived.CreateClient();
        var image = TestImages.Png();
        using var first = await client.SendAsync(Submit("key-6", image));
        var service = shortLived.Services.GetRequiredService<IdempotencyService>();
        Assert.Equal(0, await service.SweepAsync(CancellationToken.None));
        await Task.Delay(1500);
        Assert.Equal(1, await service.SweepAsync(CancellationToken.None));
        using var again = await client.SendAsync(Submit("key-6", image));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, shortLived.JobCount());
    }
}
