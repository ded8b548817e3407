using System.Security.Claims;

namespace Cartoon.Gateway.Auth;

/// <summary>What the API-key scheme puts on the request's user: the tenant, and the key's id (absent when open).</summary>
public static class TenantClaims
{
    public const string TenantType = "cartoon:tenant";
    public const string KeyIdType = "cartoon:key";

    /// <summary>The authenticated tenant; the /v1 group requires an authenticated user, so it is always there.</summary>
    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(TenantType) ?? throw new InvalidOperationException("The request has no tenant (authentication did not run).");

    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirstValue(KeyIdType);
}
