using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Cartoon.Gateway.Options;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// The connect-time half of the SSRF guard, plugged into SocketsHttpHandler.ConnectCallback: resolves the host
/// itself, refuses the connection if ANY resolved address is not public, and dials only the addresses it checked —
/// so a DNS answer that changed since submit (rebinding) cannot reach an internal service.
/// </summary>
public sealed class WebhookConnector(IOptions<WebhookOptions> options, IWebhookHostResolver? resolver = null)
{
    private readonly IWebhookHostResolver _resolver = resolver ?? DnsWebhookHostResolver.Instance;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0)
            throw new HttpRequestException($"Webhook host '{host}' did not resolve.");
        if (!options.Value.AllowPrivateNetworks)
        {
            foreach (var address in addresses)
            {
                if (IpPolicy.WhyBlocked(address) is { } why)
                    throw new WebhookBlockedException($"Webhook host '{host}' resolves to {address}: {why}.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The handler every webhook request goes through: no redirects, no proxy (a proxy would dial for us, unchecked).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = ConnectAsync,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };
}

/// <summary>The resolved address of a webhook host is not allowed; the attempt fails without connecting.</summary>
public sealed class WebhookBlockedException(string message) : Exception(message);
