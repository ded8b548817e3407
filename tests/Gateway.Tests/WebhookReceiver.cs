using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cartoon.Gateway.Tests;

public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string Body, DateTimeOffset At);

/// <summary>A real HTTP listener (Kestrel on 127.0.0.1, a free port) that records webhooks and answers as scripted.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string Url => $"{BaseUrl}/hook";

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Status for the n-th request (1-based) to /hook; default 200.</summary>
    public Func<int, int> Respond { get; set; } = _ => 200;

    public int OtherHits;

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        var count = 0;
        app.MapPost("/hook", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver!.Received.Enqueue(new ReceivedWebhook("/hook", ctx.Request.Headers["webhook-id"].ToString(),
                ctx.Request.Headers["webhook-timestamp"].ToString(), ctx.Request.Headers["webhook-signature"].ToString(), body, DateTimeOffset.UtcNow));
            var status = receiver.Respond(Interlocked.Increment(ref count));
            if (status is >= 300 and < 400)
                ctx.Response.Headers.Location = $"{receiver.BaseUrl}/other";
            ctx.Response.StatusCode = status;
        });
        app.Map("/other", (HttpContext _) =>
        {
            Interlocked.Increment(ref receiver!.OtherHits);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, address.TrimEnd('/'));
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (Received.Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} webhooks, got {Received.Count}.");
            await Task.Delay(25);
        }
        return Received.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
