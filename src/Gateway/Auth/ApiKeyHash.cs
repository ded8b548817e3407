using System.Security.Cryptography;
using System.Text;

namespace Cartoon.Gateway.Auth;

/// <summary>
/// The hash an API key is configured by (Auth:Keys:{i}:Hash): "sha256:" + lowercase hex of SHA-256 over the key's
/// UTF-8 bytes. The gateway stores only this; <c>cartoon keys new</c> mints the key and prints it (the CLI writes the
/// same format: it cannot reference the gateway, and a known-answer vector in Gateway.Tests and Engine.Tests pins both).
/// SHA-256 without salt or stretching is enough here because a key is 32 random bytes (256 bits): a KDF slows down
/// guessing low-entropy passwords, and nobody can enumerate 2^256 keys; it would only add CPU to every request.
/// </summary>
public static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    public const int DigestBytes = 32;

    /// <summary>The digest of a presented key, to compare with <see cref="Parse"/>'s.</summary>
    public static void Digest(string key, Span<byte> digest) => SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);

    /// <summary>The 32 digest bytes of a "sha256:&lt;64 hex&gt;" hash, or null when it is not one.</summary>
    public static byte[]? Parse(string? hash)
    {
        if (hash is null || !hash.StartsWith(Prefix, StringComparison.Ordinal) || hash.Length != Prefix.Length + 2 * DigestBytes)
            return null;
        try
        {
            return Convert.FromHexString(hash.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
