using System.Net;

namespace Cartoon.Gateway.Egress;

/// <summary>
/// Resolves a host for both halves of the SSRF guard (submit and connect time). One seam, so that the guard can be
/// tested against a name whose answer changes between the two checks (DNS rebinding) without a DNS server.
/// </summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver (A and AAAA).</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public static readonly DnsHostResolver Instance = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
