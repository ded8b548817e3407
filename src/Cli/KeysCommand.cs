using System.CommandLine;
using System.Text.RegularExpressions;

namespace Cartoon.Cli;

/// <summary>
/// `cartoon keys new --tenant ID [--id NAME]`: mints an API key and prints it once with the hash the gateway's
/// configuration stores (Auth:Keys). The key itself is never stored anywhere by this command.
/// </summary>
internal static partial class KeysCommand
{
    public static Command Build()
    {
        var tenant = new Option<string>("--tenant", "-t") { Description = "Tenant the key belongs to (1-64 of A-Z a-z 0-9 _ -)", Required = true };
        var id = new Option<string?>("--id") { Description = "Name of the key in logs and rate limits (default: <tenant>-<random>)" };
        var index = new Option<int>("--index") { Description = "Position in Auth:Keys for the environment-variable form", DefaultValueFactory = _ => 0 };

        var mint = new Command("new", "Mint an API key and print its configuration entry") { tenant, id, index };
        mint.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var tenantId = parse.GetValue(tenant)!;
            var keyId = parse.GetValue(id) ?? $"{tenantId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";
            if (!IdPattern().IsMatch(tenantId) || !IdPattern().IsMatch(keyId))
            {
                error.WriteLine("--tenant and --id must be 1-64 of A-Z a-z 0-9 _ -");
                return 2;
            }
            var key = ApiKeyMinter.Mint();
            var hash = ApiKeyMinter.Hash(key);
            var i = parse.GetValue(index);
            output.WriteLine($"API key (give it to the client; it is shown only now): {key}");
            output.WriteLine();
            output.WriteLine("appsettings (Auth:Keys entry):");
            output.WriteLine($$"""  { "Id": "{{keyId}}", "Tenant": "{{tenantId}}", "Hash": "{{hash}}" }""");
            output.WriteLine();
            output.WriteLine("environment:");
            output.WriteLine($"  Auth__Keys__{i}__Id={keyId}");
            output.WriteLine($"  Auth__Keys__{i}__Tenant={tenantId}");
            output.WriteLine($"  Auth__Keys__{i}__Hash={hash}");
            return 0;
        });
        return new Command("keys", "API keys for the gateway") { mint };
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
