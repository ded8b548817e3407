using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Cartoon.Gateway.Extensions;
using Cartoon.Gateway.Webhooks;
using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Auth;

/// <summary>
/// Checked at start (ValidateOnStart): keys well formed and unique, tenant webhook secrets valid, and keys present
/// whenever they are required (Auth:RequireKeys; unset: required in Distributed mode, hence the gateway's mode). Every
/// problem is reported at once, each naming the key to fix.
/// </summary>
public sealed class AuthOptionsValidator(GatewayModeInfo mode) : OptionsValidator<AuthOptions>
{
    protected override IEnumerable<string> Failures(AuthOptions options)
    {
        var require = options.RequireKeys ?? mode.Mode == GatewayMode.Distributed;
        if (require && options.Keys.Count == 0)
            yield return options.RequireKeys is null
                ? "Auth: Distributed mode requires API keys (Auth:Keys, minted with `cartoon keys new --tenant <id>`); set Auth:RequireKeys=false to run it open on purpose."
                : "Auth:RequireKeys is true but no key is configured in Auth:Keys (mint one with `cartoon keys new --tenant <id>`).";
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(options.Keys[i], new(options.Keys[i]), results, validateAllProperties: true))
                yield return $"Auth:Keys:{i} ('{options.Keys[i].Id}'): {string.Join(" ", results.Select(r => r.ErrorMessage))} " +
                             "(Id and Tenant: 1-64 of A-Z a-z 0-9 _ -; Hash: sha256:<64 lowercase hex>)";
            foreach (var (setting, rule) in new[] { ("SubmitLimit", options.Keys[i].SubmitLimit), ("ReadLimit", options.Keys[i].ReadLimit) })
            {
                if (rule is not null && !rule.IsValid(out var why))
                    yield return $"Auth:Keys:{i}:{setting}: {why}.";
            }
        }
        foreach (var dupId in options.Keys.GroupBy(k => k.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return $"Auth:Keys: the id '{dupId.Key}' is used by more than one key.";
        foreach (var dupHash in options.Keys.GroupBy(k => k.Hash, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return $"Auth:Keys: keys {string.Join(", ", dupHash.Select(k => $"'{k.Id}'"))} have the same hash.";
        foreach (var (tenant, settings) in options.Tenants)
        {
            if (!Regex.IsMatch(tenant, AuthOptions.IdPattern))
                yield return $"Auth:Tenants: '{tenant}' is not a valid tenant id (1-64 of A-Z a-z 0-9 _ -).";
            else if (WebhookSigner.Validate(settings.WebhookSecret) is { } why)
                yield return $"Auth:Tenants:{tenant}:WebhookSecret: {why.Replace("Webhooks:Secret ", "", StringComparison.Ordinal)}";
        }
    }
}
