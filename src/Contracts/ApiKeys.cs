using System.Security.Cryptography;
using System.Text;

namespace Cartoon.Contracts;

/// <summary>
/// API keys: minted by the CLI (<c>cartoon keys new</c>), stored in the gateway's configuration only as
/// "sha256:&lt;hex&gt;" of the key. SHA-256 without salt or stretching is enough here because a key is 32 random
/// bytes (256 bits): a KDF slows down guessing low-entropy passwords, and nobody can enumerate 2^256 keys; it would
/// only add CPU to every request.
/// </summary>
public static class ApiKeys
{
    public const string HashPrefix = "sha256:";
    public const string KeyPrefix = "ck_";

    /// <summary>A new key: "ck_" + base64url of 32 random bytes.</summary>
    public static string Mint() => KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>"sha256:" + lowercase hex of SHA-256 over the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The 32 digest bytes of a "sha256:&lt;64 hex&gt;" hash, or null when it is not one.</summary>
    public static byte[]? ParseHash(string? hash)
    {
        if (hash is null || !hash.StartsWith(HashPrefix, StringComparison.Ordinal) || hash.Length != HashPrefix.Length + 64)
            return null;
        try
        {
            return Convert.FromHexString(hash.AsSpan(HashPrefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
