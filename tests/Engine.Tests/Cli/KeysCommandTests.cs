using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cartoon.Cli;

namespace Cartoon.Engine.Tests.Cli;

/// <summary>
/// <c>cartoon keys new</c>: the key it prints once and the hash the gateway is configured with. The vector is the
/// one Gateway.Tests' ApiKeyHashTests pins on the gateway, which reads these hashes.
/// </summary>
public sealed partial class KeysCommandTests
{
    // "ck_" + base64url of the bytes 0..31, and "sha256:" + hex SHA-256 of its UTF-8 bytes (computed outside .NET).
    private const string VectorKey = "ck_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    private const string VectorHash = "sha256:c9f5519efbf0cabf1069dacaca293039da2c37ff68735c84070658a295c68ab6";

    [Fact]
    public void The_hash_is_the_format_the_gateway_reads() => Assert.Equal(VectorHash, ApiKeyMinter.Hash(VectorKey));

    [Fact]
    public async Task New_prints_a_fresh_key_once_and_its_configuration_entry_with_the_hash()
    {
        var (code, stdout, _) = await Run("new", "--tenant", "acme", "--id", "acme-prod", "--index", "2");
        Assert.Equal(0, code);

        var key = KeyLine().Match(stdout).Groups[1].Value;
        Assert.Matches("^ck_[A-Za-z0-9_-]{43}$", key);
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        Assert.Contains($$"""{ "Id": "acme-prod", "Tenant": "acme", "Hash": "{{hash}}" }""", stdout, StringComparison.Ordinal);
        Assert.Contains($"Auth__Keys__2__Hash={hash}", stdout, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(stdout, Regex.Escape(key)));

        var (_, again, _) = await Run("new", "--tenant", "acme");
        Assert.NotEqual(key, KeyLine().Match(again).Groups[1].Value);
    }

    [Fact]
    public async Task A_tenant_outside_the_id_alphabet_is_refused()
    {
        var (code, stdout, stderr) = await Run("new", "--tenant", "acme corp");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("--tenant and --id must be", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var root = new RootCommand { KeysCommand.Build() };
        var parse = root.Parse(["keys", .. args]);
        Assert.Empty(parse.Errors);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex(@"shown only now\): (\S+)")]
    private static partial Regex KeyLine();
}
