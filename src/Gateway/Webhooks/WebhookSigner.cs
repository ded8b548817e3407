using System.Security.Cryptography;
using System.Text;
using Cartoon.Gateway.Auth;
using Cartoon.Gateway.Options;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// Standard Webhooks v1 signatures: base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")) where the
/// key is the base64 part of the "whsec_..." secret: the job's tenant's (Auth:Tenants:{id}:WebhookSecret) when it has
/// one, else Webhooks:Secret. Receivers verify with any Standard Webhooks library.
/// </summary>
public sealed class WebhookSigner
{
    public const string SecretPrefix = "whsec_";
    private readonly byte[]? _key;
    private readonly Dictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    public WebhookSigner(IOptions<WebhookOptions> options)
        : this(options, Microsoft.Extensions.Options.Options.Create(new AuthOptions()))
    {
    }

    public WebhookSigner(IOptions<WebhookOptions> options, IOptions<AuthOptions> auth)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.Secret))
            _key = DecodeSecret(options.Value.Secret);
        foreach (var (tenant, settings) in auth.Value.Tenants)
        {
            if (!string.IsNullOrWhiteSpace(settings.WebhookSecret))
                _tenantKeys[tenant] = DecodeSecret(settings.WebhookSecret);
        }
    }

    /// <summary>False when no default secret is configured (tenants may still have their own).</summary>
    public bool IsConfigured => _key is not null;

    /// <summary>False when neither the tenant nor the default has a secret: its webhooks are then refused at submit.</summary>
    public bool IsConfiguredFor(string tenantId) => KeyFor(tenantId) is not null;

    public string Sign(string messageId, long timestamp, string body) =>
        Sign(_key ?? throw new InvalidOperationException("Webhooks:Secret is not configured."), messageId, timestamp, body);

    public string Sign(string tenantId, string messageId, long timestamp, string body) =>
        Sign(KeyFor(tenantId) ?? throw new InvalidOperationException($"No webhook secret for tenant '{tenantId}' and no Webhooks:Secret."),
            messageId, timestamp, body);

    private byte[]? KeyFor(string tenantId) => _tenantKeys.GetValueOrDefault(tenantId) ?? _key;

    public static string Sign(byte[] key, string messageId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    public static byte[] DecodeSecret(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        return Convert.FromBase64String(encoded);
    }

    /// <summary>Null when usable; used by the start-up options validation.</summary>
    public static string? Validate(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
            return null;
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            return $"Webhooks:Secret must start with '{SecretPrefix}'.";
        try
        {
            var key = DecodeSecret(secret);
            return key.Length is >= 24 and <= 64 ? null : "Webhooks:Secret must decode to 24..64 bytes.";
        }
        catch (FormatException)
        {
            return "Webhooks:Secret is not valid base64 after 'whsec_'.";
        }
    }
}
