using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cartoon.Integration.Tests.Distributed;

public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Type => Json.GetProperty("type").GetString();

    /// <summary>The job id in the body: data.id for "completed", data.jobId for the item events.</summary>
    public Guid? JobId
    {
        get
        {
            var data = Json.GetProperty("data");
            if (data.TryGetProperty("jobId", out var jobId))
                return jobId.GetGuid();
            return data.TryGetProperty("id", out var id) ? id.GetGuid() : null;
        }
    }
}

/// <summary>
/// A real HTTP listener (Kestrel on 127.0.0.1, a free port or the one given) that records every POST /hook and answers
/// 200, or the status it is given (a receiver that always fails).
/// </summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookListener(WebApplication app, string baseUrl)
    {
        _app = app;
        Url = $"{baseUrl}/hook";
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public IReadOnlyList<ReceivedWebhook> For(Guid jobId) => Received.Where(h => h.JobId == jobId).ToList();

    public static async Task<WebhookListener> StartAsync(int port = 0, int status = StatusCodes.Status200OK)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        WebhookListener? listener = null;
        app.MapPost("/hook", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            listener!.Received.Enqueue(new ReceivedWebhook(ctx.Request.Headers["webhook-id"].ToString(),
                ctx.Request.Headers["webhook-timestamp"].ToString(), ctx.Request.Headers["webhook-signature"].ToString(), body,
                DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener = new WebhookListener(app, address.TrimEnd('/'));
        return listener;
    }

    /// <summary>Waits until <paramref name="count"/> webhooks about the job arrived.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Guid jobId, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (For(jobId).Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} webhooks for job {jobId}, got {For(jobId).Count}.");
            await Task.Delay(50);
        }
        return For(jobId);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// Standard Webhooks verification written from the specification, independently of the gateway's signer:
/// key = base64-decode(secret without "whsec_"), signed content = "{webhook-id}.{webhook-timestamp}.{body}",
/// signature header = space-separated "v1,&lt;base64(HMAC-SHA256)&gt;" entries, timestamp within the tolerance.
/// </summary>
public static class StandardWebhooks
{
    public static bool Verify(string secret, ReceivedWebhook hook, TimeSpan? tolerance = null)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal) || !long.TryParse(hook.Timestamp, out var seconds))
            return false;
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > (tolerance ?? TimeSpan.FromMinutes(5)))
            return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.{hook.Body}"));
        foreach (var entry in hook.Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(',', 2);
            if (parts is not ["v1", var b64])
                continue;
            byte[] given;
            try
            {
                given = Convert.FromBase64String(b64);
            }
            catch (FormatException)
            {
                continue;
            }
            if (CryptographicOperations.FixedTimeEquals(given, expected))
                return true;
        }
        return false;
    }
}
