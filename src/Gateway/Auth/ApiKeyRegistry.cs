using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Auth;

/// <summary>The configured keys (hashes only), checked in constant time.</summary>
public sealed class ApiKeyRegistry
{
    private readonly (ApiKeyEntry Entry, byte[] Digest)[] _keys;

    public ApiKeyRegistry(IOptions<AuthOptions> options)
    {
        _keys = options.Value.Keys.Select(k => (k, ApiKeyHash.Parse(k.Hash) ?? throw new OptionsValidationException(
            AuthOptions.Section, typeof(AuthOptions), [$"Auth:Keys: key '{k.Id}' has no valid sha256 hash."]))).ToArray();
    }

    /// <summary>No key configured: every request is the configured default tenant.</summary>
    public bool IsOpen => _keys.Length == 0;

    /// <summary>
    /// The entry whose hash matches the presented key, or null. Every configured hash is compared with
    /// FixedTimeEquals and the loop never stops early, so the time taken says nothing about which bytes matched.
    /// </summary>
    public ApiKeyEntry? Find(string presented)
    {
        Span<byte> digest = stackalloc byte[ApiKeyHash.DigestBytes];
        ApiKeyHash.Digest(presented, digest);
        ApiKeyEntry? found = null;
        foreach (var (entry, expected) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
                found = entry;
        }
        return found;
    }

    public ApiKeyEntry? ById(string? id) => id is null ? null : _keys.FirstOrDefault(k => k.Entry.Id == id).Entry;
}
