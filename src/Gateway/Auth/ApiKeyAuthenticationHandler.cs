using System.Security.Claims;
using System.Text.Encodings.Web;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Auth;

/// <summary>
/// The "ApiKey" scheme: the key comes in <c>X-Api-Key</c> or <c>Authorization: Bearer</c>; a known key makes a user
/// with its tenant and key id as claims. With no key configured (open mode) every request is the Gateway:TenantId
/// tenant. Challenges and refusals are ProblemDetails with a reason (missing_api_key, invalid_api_key, forbidden).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyRegistry keys,
    IOptions<GatewayOptions> gateway,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsOpen)
            return Task.FromResult(Success(gateway.Value.TenantId, keyId: null));

        var (presented, malformed) = ReadKey(Request);
        if (malformed)
            return Task.FromResult(AuthenticateResult.Fail(ProblemReasons.InvalidApiKey));
        if (presented is null)
            return Task.FromResult(AuthenticateResult.NoResult());
        var entry = keys.Find(presented);
        if (entry is null)
        {
            Logger.LogInformation("Refused an unknown API key from {Remote} on {Path}", Context.Connection.RemoteIpAddress, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail(ProblemReasons.InvalidApiKey));
        }
        return Task.FromResult(Success(entry.Tenant, entry.Id));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (presented, malformed) = ReadKey(Request);
        var (reason, title) = presented is null && !malformed
            ? (ProblemReasons.MissingApiKey, $"An API key is required: send it in {HeaderName} or Authorization: Bearer.")
            : (ProblemReasons.InvalidApiKey, "The API key is not valid.");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync(Problems.Create(StatusCodes.Status401Unauthorized, reason, title));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync(Problems.Create(StatusCodes.Status403Forbidden, ProblemReasons.Forbidden, "This API key may not do this."));
    }

    private Task WriteAsync(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }).AsTask();

    private AuthenticateResult Success(string tenant, string? keyId)
    {
        var claims = new List<Claim> { new(TenantClaims.TenantType, tenant) };
        if (keyId is not null)
            claims.Add(new Claim(TenantClaims.KeyIdType, keyId));
        var identity = new ClaimsIdentity(claims, SchemeName, TenantClaims.KeyIdType, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>X-Api-Key first, else Authorization: Bearer. Several values, or an empty one, are malformed.</summary>
    internal static (string? Key, bool Malformed) ReadKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName];
        if (header.Count > 0)
            return header.Count == 1 && !string.IsNullOrWhiteSpace(header[0]) ? (header[0]!.Trim(), false) : (null, true);

        var authorization = request.Headers.Authorization;
        if (authorization.Count == 0)
            return (null, false);
        if (authorization.Count > 1)
            return (null, true);
        var value = authorization[0]?.Trim() ?? "";
        if (value.Equals(BearerPrefix.Trim(), StringComparison.OrdinalIgnoreCase))
            return (null, true);
        if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return (null, false);
        var key = value[BearerPrefix.Length..].Trim();
        return key.Length > 0 ? (key, false) : (null, true);
    }
}
