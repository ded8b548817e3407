using Cartoon.Gateway.Auth;
using Cartoon.Gateway.Options;
using Cartoon.OptionsValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        var services = builder.Services;
        // The validator reads the mode (keys are required in Distributed mode unless Auth:RequireKeys says otherwise).
        services.TryAddSingleton(GatewayModeExtensions.ResolveMode(builder.Configuration));
        services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(AuthOptions.Section);

        services.AddSingleton<ApiKeyRegistry>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(TenantPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireClaim(TenantClaims.TenantType));
        services.AddHostedService<AuthBanner>();
        return builder;
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
