using System.Globalization;
using System.Net;
using System.Net.Sockets;
namespace Cartoon.Gateway.Egress;

/// <summary>
/// The submit-time half of the SSRF guard: scheme, literal form and every resolved address. The connect-time half
/// (<see cref="GuardedConnector"/>) checks again on the address actually dialled, because DNS can change in between.
/// </summary>
public sealed class UrlGuard(IHostResolver? resolver = null)
{
    private readonly IHostResolver _resolver = resolver ?? DnsHostResolver.Instance;

    public const int MaxLength = 2048;

    /// <summary>Null when the URL is acceptable under <paramref name="rules"/>, else the reason shown to the client.</summary>
    public async Task<string?> ValidateAsync(string url, EgressRules rules, CancellationToken ct)
    {
        var subject = rules.Subject;
        if (url.Length > MaxLength)
            return $"The {subject} is longer than {MaxLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return $"The {subject} is not an absolute URL.";
        if (rules.HttpsOnly && uri.Scheme != Uri.UriSchemeHttps)
            return $"The {subject} must use https.";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            return $"The {subject} must use http or https.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return $"The {subject} must not carry credentials.";

        var rawHost = RawHost(url);
        if (rawHost is null || rawHost.Length == 0)
            return $"The {subject} has no host.";
        // inet_aton accepts 2130706433, 0x7f000001 and 0177.0.0.1 for 127.0.0.1; refuse every such spelling outright
        // rather than trust that each layer (ours, the resolver, a proxy) canonicalizes it the same way.
        if (LooksLikeNonCanonicalIPv4(rawHost))
            return $"The {subject}'s host is an IPv4 address in a non-canonical (decimal, hex or octal) form.";

        if (rules.AllowPrivateNetworks)
            return null;

        IPAddress[] addresses;
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            addresses = [IPAddress.Parse(uri.DnsSafeHost)];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(rules.ResolveTimeout);
                addresses = await _resolver.ResolveAsync(uri.DnsSafeHost, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return $"The {subject}'s host '{uri.DnsSafeHost}' does not resolve.";
            }
            if (addresses.Length == 0)
                return $"The {subject}'s host '{uri.DnsSafeHost}' does not resolve.";
        }
        foreach (var address in addresses)
        {
            if (IpPolicy.WhyBlocked(address) is { } why)
                return $"The {subject}'s host resolves to a non-public address ({why}).";
        }
        return null;
    }

    /// <summary>The host exactly as written (System.Uri canonicalizes numeric hosts, hiding how they were spelled).</summary>
    internal static string? RawHost(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
            return null;
        var authority = url[(start + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#', '\\']);
        if (end >= 0)
            authority = authority[..end];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
            authority = authority[(at + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? authority : authority[..(close + 1)];
        }
        var colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority[..colon] : authority;
    }

    /// <summary>True for numeric hosts that are not plain dotted-quad decimal (a.b.c.d, each 0..255 without leading zeros).</summary>
    internal static bool LooksLikeNonCanonicalIPv4(string host)
    {
        host = host.TrimEnd('.');
        var parts = host.Split('.');
        if (parts.Length is < 1 or > 4 || parts.Any(p => p.Length == 0))
            return false;
        if (!parts.All(IsNumericPart))
            return false;
        var canonical = parts.Length == 4 && parts.All(p =>
            p.All(char.IsAsciiDigit) && (p == "0" || p[0] != '0') && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= 255);
        return !canonical;
    }

    private static bool IsNumericPart(string p)
    {
        if (p.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return p.Length == 2 || p[2..].All(char.IsAsciiHexDigit);
        return p.All(char.IsAsciiDigit);
    }
}
