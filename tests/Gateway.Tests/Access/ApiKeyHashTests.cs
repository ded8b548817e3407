using Cartoon.Gateway.Auth;

namespace Cartoon.Gateway.Tests.Access;

/// <summary>
/// The configured-hash format the gateway accepts. The vector is the one Engine.Tests' KeysCommandTests pins on the
/// CLI, which writes these hashes: a key minted by <c>cartoon keys new</c> must be found by the gateway.
/// </summary>
public sealed class ApiKeyHashTests
{
    // "ck_" + base64url of the bytes 0..31, and "sha256:" + hex SHA-256 of its UTF-8 bytes (computed outside .NET).
    public const string VectorKey = "ck_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    public const string VectorHash = "sha256:c9f5519efbf0cabf1069dacaca293039da2c37ff68735c84070658a295c68ab6";

    [Fact]
    public void The_vector_key_is_found_by_its_configured_hash_and_another_key_is_not()
    {
        var registry = new ApiKeyRegistry(Microsoft.Extensions.Options.Options.Create(new AuthOptions
        {
            Keys = [new ApiKeyEntry { Id = "vector", Tenant = "acme", Hash = VectorHash }],
        }));
        Assert.Equal("vector", registry.Find(VectorKey)?.Id);
        Assert.Null(registry.Find(VectorKey + "x"));
        Assert.Null(registry.Find(VectorKey.ToUpperInvariant()));
    }

    [Fact]
    public void The_digest_of_the_vector_key_is_the_parsed_vector_hash()
    {
        var digest = new byte[ApiKeyHash.DigestBytes];
        ApiKeyHash.Digest(VectorKey, digest);
        Assert.Equal(ApiKeyHash.Parse(VectorHash), digest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("c9f5519efbf0cabf1069dacaca293039da2c37ff68735c84070658a295c68ab6")]
    [InlineData("SHA256:c9f5519efbf0cabf1069dacaca293039da2c37ff68735c84070658a295c68ab6")]
    [InlineData("sha256:c9f5519efbf0cabf1069dacaca293039da2c37ff68735c84070658a295c68a")]
    [InlineData("sha256:c9f5519efbf0cabf1069dacaca293039da2c37ff68735c84070658a295c68ab6ff")]
    [InlineData("sha256:z9f5519efbf0cabf1069dacaca293039da2c37ff68735c84070658a295c68ab6")]
    [InlineData("md5:0123")]
    public void Anything_but_sha256_and_64_hex_digits_is_not_a_hash(string? hash) => Assert.Null(ApiKeyHash.Parse(hash));
}
