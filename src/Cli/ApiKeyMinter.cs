using System.Security.Cryptography;
using System.Text;

namespace Cartoon.Cli;

/// <summary>
/// Mints API keys for <c>cartoon keys new</c> and writes the hash the gateway is configured with (Auth:Keys:{i}:Hash).
/// The gateway reads that format in its ApiKeyHash; the CLI writes it here rather than sharing a type because it cannot
/// reference the gateway (an ASP.NET host) and the format is one line of the gateway's configuration, like the
/// Auth__Keys__ names KeysCommand prints. The same known-answer vector in Engine.Tests and Gateway.Tests pins both sides.
/// A key is 32 random bytes, which is why plain SHA-256 is enough (see the gateway's ApiKeyHash).
/// </summary>
internal static class ApiKeyMinter
{
    public const string HashPrefix = "sha256:";
    public const string KeyPrefix = "ck_";

    /// <summary>A new key: "ck_" + base64url of 32 random bytes.</summary>
    public static string Mint() => KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>"sha256:" + lowercase hex of SHA-256 over the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
