using System.Net;

namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// Resolves a webhook host for both halves of the SSRF guard (submit and connect time). One seam, so that the guard can
/// be tested against a name whose answer changes between the two checks (DNS rebinding) without a DNS server.
/// </summary>
public interface IWebhookHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver (A and AAAA).</summary>
public sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public static readonly DnsWebhookHostResolver Instance = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
