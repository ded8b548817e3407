using Cartoon.Gateway.Auth;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Extensions;

public static class AuthExtensions
{
    public const string TenantPolicy = "tenant";

    /// <summary>
    /// API keys (Auth:Keys, hashes only) bound to tenants, the "ApiKey" authentication scheme, the "tenant"
    /// authorization policy of the /v1 group, and the start-up checks: keys well formed and unique, tenant webhook
    /// secrets valid, and keys present whenever they are required (Auth:RequireKeys; unset: required in Distributed mode).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayAuth(this IHostApplicationBuilder builder)
    {
        var mode = GatewayModeExtensions.ResolveMode(builder.Configuration).Mode;
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>>(new AuthOptionsValidator(mode));

        services.AddSingleton<ApiKeyRegistry>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(TenantPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireClaim(TenantClaims.TenantType));
        services.AddHostedService<AuthBanner>();
        return builder;
    }

    /// <summary>Null when the section is usable, else the first problem (the message names the key to fix).</summary>
    internal static string? Problem(AuthOptions o, GatewayMode mode)
    {
        var require = o.RequireKeys ?? mode == GatewayMode.Distributed;
        if (require && o.Keys.Count == 0)
            return o.RequireKeys is null
                ? "Auth: Distributed mode requires API keys (Auth:Keys, minted with `cartoon keys new --tenant <id>`); set Auth:RequireKeys=false to run it open on purpose."
                : "Auth:RequireKeys is true but no key is configured in Auth:Keys (mint one with `cartoon keys new --tenant <id>`).";
        for (var i = 0; i < o.Keys.Count; i++)
        {
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o.Keys[i], new(o.Keys[i]), results, validateAllProperties: true))
                return $"Auth:Keys:{i} ('{o.Keys[i].Id}'): {string.Join(" ", results.Select(r => r.ErrorMessage))} " +
                       "(Id and Tenant: 1-64 of A-Z a-z 0-9 _ -; Hash: sha256:<64 lowercase hex>)";
            foreach (var (name, rule) in new[] { ("SubmitLimit", o.Keys[i].SubmitLimit), ("ReadLimit", o.Keys[i].ReadLimit) })
            {
                if (rule is not null && !rule.IsValid(out var why))
                    return $"Auth:Keys:{i}:{name}: {why}.";
            }
        }
        if (o.Keys.GroupBy(k => k.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dupId)
            return $"Auth:Keys: the id '{dupId.Key}' is used by more than one key.";
        if (o.Keys.GroupBy(k => k.Hash, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dupHash)
            return $"Auth:Keys: keys {string.Join(", ", dupHash.Select(k => $"'{k.Id}'"))} have the same hash.";
        foreach (var (tenant, settings) in o.Tenants)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(tenant, AuthOptions.IdPattern))
                return $"Auth:Tenants: '{tenant}' is not a valid tenant id (1-64 of A-Z a-z 0-9 _ -).";
            if (WebhookSigner.Validate(settings.WebhookSecret) is { } why)
                return $"Auth:Tenants:{tenant}:WebhookSecret: {why.Replace("Webhooks:Secret ", "", StringComparison.Ordinal)}";
        }
        return null;
    }

    /// <summary>Authentication, then authorization, then the rate limiter (it partitions by the authenticated key).</summary>
    public static WebApplication UseGatewayAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>The /v1 group: authenticated tenant, per-key read limit (submit has its own), tenant check on job routes.</summary>
    public static RouteGroupBuilder RequireTenantAccess(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(TenantPolicy);
        group.RequireRateLimiting(RateLimitExtensions.ReadPolicy);
        group.RequireJobOfTenant();
        return group;
    }

    private sealed class AuthOptionsValidator(GatewayMode mode) : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
            Problem(options, mode) is { } why ? ValidateOptionsResult.Fail(why) : ValidateOptionsResult.Success;
    }

    private sealed class AuthBanner(ApiKeyRegistry keys, IOptions<GatewayOptions> gateway, IOptions<AuthOptions> auth,
        ILogger<AuthBanner> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (keys.IsOpen)
                logger.LogWarning("Cartoon gateway running OPEN: no API keys configured (Auth:Keys), so every request is tenant '{Tenant}' " +
                                  "and anyone who can reach this port can submit, read and cancel jobs. Mint keys with `cartoon keys new --tenant <id>`.",
                    gateway.Value.TenantId);
            else
                logger.LogInformation("API keys required: {Keys} keys for tenants {Tenants}", auth.Value.Keys.Count,
                    string.Join(", ", auth.Value.Keys.Select(k => k.Tenant).Distinct()));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
