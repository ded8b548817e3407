using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) that serves what a test puts at a path, for imageUrl inputs:
/// bytes with a content type, a status, a delay, a redirect, or an endless body.
/// </summary>
public sealed class ImageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new();

    private ImageServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public int Port => new Uri(BaseUrl).Port;

    /// <summary>Every path requested, in order.</summary>
    public ConcurrentQueue<string> Hits { get; } = new();

    public string Url(string path) => $"{BaseUrl}{path}";

    public static async Task<ImageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ImageServer(app);
        app.Run(async ctx =>
        {
            server.Hits.Enqueue(ctx.Request.Path);
            if (server._routes.TryGetValue(ctx.Request.Path, out var handle))
                await handle(ctx);
            else
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await app.StartAsync();
        server.BaseUrl = app.Urls.First().Replace("[::]", "127.0.0.1");
        return server;
    }

    public ImageServer Serve(string path, byte[] bytes, string contentType = "image/png")
    {
        _routes[path] = async ctx =>
        {
            ctx.Response.ContentType = contentType;
            ctx.Response.ContentLength = bytes.Length;
            await ctx.Response.Body.WriteAsync(bytes);
        };
        return this;
    }

    public ImageServer Redirect(string path, string location)
    {
        _routes[path] = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status302Found;
            ctx.Response.Headers.Location = location;
            return Task.CompletedTask;
        };
        return this;
    }

    public ImageServer Delay(string path, TimeSpan delay)
    {
        _routes[path] = async ctx => await Task.Delay(delay, ctx.RequestAborted);
        return this;
    }

    /// <summary>A body with no Content-Length that goes on until the client stops reading.</summary>
    public ImageServer Endless(string path)
    {
        _routes[path] = async ctx =>
        {
            ctx.Response.ContentType = "image/png";
            var chunk = new byte[64 * 1024];
            try
            {
                while (!ctx.RequestAborted.IsCancellationRequested)
                    await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
            catch (Exception) when (ctx.RequestAborted.IsCancellationRequested)
            {
                // The client hung up: the cap worked.
            }
        };
        return this;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
