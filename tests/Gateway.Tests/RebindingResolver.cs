using System.Net;
using Cartoon.Gateway.Egress;

namespace Cartoon.Gateway.Tests;

/// <summary>Answers <paramref name="first"/> to the first lookup of each name, then <paramref name="later"/>: a rebinding DNS server.</summary>
public sealed class RebindingResolver(IPAddress[] first, IPAddress[] later) : IHostResolver
{
    private readonly HashSet<string> _seen = [];

    public List<string> Lookups { get; } = [];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lock (_seen)
        {
            Lookups.Add(host);
            return Task.FromResult(_seen.Add(host) ? first : later);
        }
    }
}
