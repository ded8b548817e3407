using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cartoon.Tests.Shared.Webhooks;

/// <summary>
/// A real HTTP listener (Kestrel on 127.0.0.1, a free port or the one given) that records every POST /hook and answers
/// as scripted (<see cref="Respond"/>: 200 unless told otherwise). A 3xx answer points at /other, which only counts its
/// hits (<see cref="OtherHits"/>): a sender that followed the redirect would show there. Requests are answered
/// concurrently (a gateway sends many at once; a serial receiver would time itself in the bench).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _ids = new();
    private int _requests;
    private int _otherHits;
    private long _lastAtTicks;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:&lt;port&gt;</summary>
    public string BaseUrl { get; private set; } = "";

    public string Url => $"{BaseUrl}/hook";

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Status for the n-th request (1-based) to /hook; default 200.</summary>
    public Func<int, int> Respond { get; set; } = _ => StatusCodes.Status200OK;

    /// <summary>Requests to /other: where a 3xx answer points.</summary>
    public int OtherHits => Volatile.Read(ref _otherHits);

    /// <summary>How many distinct webhook-ids arrived (retries and repeats counted once).</summary>
    public int Distinct => _ids.Count;

    /// <summary>When the latest distinct webhook-id first arrived (answers run concurrently: one atomic write each).</summary>
    public DateTimeOffset LastAt => new(Interlocked.Read(ref _lastAtTicks), TimeSpan.Zero);

    /// <summary>The webhooks whose body is about the job.</summary>
    public IReadOnlyList<ReceivedWebhook> For(Guid jobId) => Received.Where(h => h.JobId == jobId).ToList();

    /// <param name="port">0: a free port; else that one (a receiver that comes back where deliveries were refused).</param>
    /// <param name="status">The answer to every request (a receiver that always fails) unless <see cref="Respond"/> is set.</param>
    public static async Task<WebhookReceiver> StartAsync(int port = 0, int status = StatusCodes.Status200OK)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { Respond = _ => status };
        // A plain request delegate, no routing: the bench links this file into a trimmed publish.
        app.Run(receiver.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = address.TrimEnd('/');
        return receiver;
    }

    private async Task AnswerAsync(HttpContext ctx)
    {
        if (ctx.Request.Path == "/other")
        {
            Interlocked.Increment(ref _otherHits);
            ctx.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        if (ctx.Request.Path != "/hook" || !HttpMethods.IsPost(ctx.Request.Method))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = ctx.Request.Headers["webhook-id"].ToString();
        var at = DateTimeOffset.UtcNow;
        Received.Enqueue(new ReceivedWebhook(id, ctx.Request.Headers["webhook-timestamp"].ToString(),
            ctx.Request.Headers["webhook-signature"].ToString(), body, at));
        if (_ids.TryAdd(id, 0))
            Interlocked.Exchange(ref _lastAtTicks, at.UtcTicks);
        var status = Respond(Interlocked.Increment(ref _requests));
        if (status is >= 300 and < 400)
            ctx.Response.Headers.Location = $"{BaseUrl}/other";
        ctx.Response.StatusCode = status;
    }

    /// <summary>Waits until <paramref name="count"/> webhooks arrived (15 s unless told); returns all received.</summary>
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

    /// <summary>Waits until <paramref name="count"/> webhooks about the job arrived; returns those.</summary>
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
