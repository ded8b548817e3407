using System.Net;
using System.Net.Sockets;

namespace Cartoon.Gateway.Egress;

/// <summary>
/// Which addresses the gateway may reach on a client's behalf (webhooks, image URLs): public unicast only. Everything
/// a request forger wants (loopback, private networks, link-local incl. the cloud metadata service 169.254.169.254,
/// CGNAT, unspecified, multicast, reserved) is refused, also when wrapped in IPv6 (IPv4-mapped, IPv4-compatible,
/// NAT64, 6to4).
/// </summary>
public static class IpPolicy
{
    private static readonly (uint Network, int Prefix, string Name)[] BlockedV4 =
    [
        (0x00000000, 8, "unspecified / this network (0.0.0.0/8)"),
        (0x0A000000, 8, "private (10.0.0.0/8)"),
        (0x64400000, 10, "carrier-grade NAT (100.64.0.0/10)"),
        (0x7F000000, 8, "loopback (127.0.0.0/8)"),
        (0xA9FE0000, 16, "link-local / cloud metadata (169.254.0.0/16)"),
        (0xAC100000, 12, "private (172.16.0.0/12)"),
        (0xC0000000, 24, "IETF protocol assignments (192.0.0.0/24)"),
        (0xC0000200, 24, "documentation (192.0.2.0/24)"),
        (0xC0A80000, 16, "private (192.168.0.0/16)"),
        (0xC6120000, 15, "benchmarking (198.18.0.0/15)"),
        (0xC6336400, 24, "documentation (198.51.100.0/24)"),
        (0xCB007100, 24, "documentation (203.0.113.0/24)"),
        (0xE0000000, 4, "multicast (224.0.0.0/4)"),
        (0xF0000000, 4, "reserved / broadcast (240.0.0.0/4)"),
    ];

    /// <summary>Null when <paramref name="address"/> is public, else why it is refused.</summary>
    public static string? WhyBlocked(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return WhyBlockedV4(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return "not an IP address";

        if (address.IsIPv4MappedToIPv6)
            return Wrapped(address.MapToIPv4(), "IPv4-mapped");
        if (address.Equals(IPAddress.IPv6Any))
            return "unspecified (::)";
        if (address.Equals(IPAddress.IPv6Loopback))
            return "loopback (::1)";

        var b = address.GetAddressBytes();
        if (b[0] == 0xFF)
            return "multicast (ff00::/8)";
        if ((b[0] & 0xFE) == 0xFC)
            return "unique local (fc00::/7)";
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
            return "link-local (fe80::/10)";
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
            return "site-local (fec0::/10)";
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
            return "documentation (2001:db8::/32)";
        // ::a.b.c.d (IPv4-compatible, deprecated but still routed by some stacks)
        if (b.Take(12).All(x => x == 0))
            return Wrapped(new IPAddress(b[12..16]), "IPv4-compatible");
        // 64:ff9b::/96 NAT64 reaches the embedded IPv4 address
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.Skip(4).Take(8).All(x => x == 0))
            return Wrapped(new IPAddress(b[12..16]), "NAT64");
        // 2002::/16 6to4 embeds an IPv4 address in bytes 2..5
        if (b[0] == 0x20 && b[1] == 0x02)
            return Wrapped(new IPAddress(b[2..6]), "6to4");
        return null;
    }

    public static bool IsPublic(IPAddress address) => WhyBlocked(address) is null;

    private static string? Wrapped(IPAddress v4, string how) =>
        WhyBlockedV4(v4) is { } why ? $"{how} {why}" : null;

    private static string? WhyBlockedV4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        var value = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        foreach (var (network, prefix, name) in BlockedV4)
        {
            var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            if ((value & mask) == network)
                return name;
        }
        return null;
    }
}
