using System.Net;
using System.Net.Sockets;

namespace Cartoon.Gateway.Egress;

/// <summary>
/// The connect-time half of the SSRF guard, plugged into SocketsHttpHandler.ConnectCallback: resolves the host
/// itself, refuses the connection if ANY resolved address is not public, and dials only the addresses it checked —
/// so a DNS answer that changed since submit (rebinding) cannot reach an internal service. Every connection a handler
/// opens goes through it, redirects included.
/// </summary>
public sealed class GuardedConnector(IHostResolver? resolver = null)
{
    private readonly IHostResolver _resolver = resolver ?? DnsHostResolver.Instance;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0)
            throw new HttpRequestException($"Host '{host}' did not resolve.");
        if (!allowPrivateNetworks)
        {
            foreach (var address in addresses)
            {
                if (IpPolicy.WhyBlocked(address) is { } why)
                    throw new EgressBlockedException($"Host '{host}' resolves to {address}: {why}.");
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

    /// <summary>
    /// A handler whose every connection is checked: no proxy (a proxy would dial for us, unchecked), no cookies.
    /// <paramref name="maxRedirects"/> 0 follows none; otherwise each hop is dialled through the guard again, and
    /// .NET never follows an https → http redirect.
    /// </summary>
    public SocketsHttpHandler CreateHandler(bool allowPrivateNetworks, int maxRedirects = 0) => new()
    {
        AllowAutoRedirect = maxRedirects > 0,
        MaxAutomaticRedirections = Math.Max(1, maxRedirects),
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivateNetworks, ct),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };
}

/// <summary>The resolved address of a host is not allowed; the attempt fails without connecting.</summary>
public sealed class EgressBlockedException(string message) : Exception(message);
