using System.Security.Cryptography;
using System.Text;

namespace Cartoon.Tests.Shared.Webhooks;

/// <summary>
/// Standard Webhooks verification written from the specification, independently of the gateway's signer:
/// key = base64-decode(secret without "whsec_"), signed content = "{webhook-id}.{webhook-timestamp}.{body}",
/// signature header = space-separated "v1,&lt;base64(HMAC-SHA256)&gt;" entries, timestamp within the tolerance.
/// </summary>
public static class StandardWebhooks
{
    public static bool Verify(string secret, ReceivedWebhook hook, TimeSpan? tolerance = null)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal) || !long.TryParse(hook.Timestamp, out var seconds))
            return false;
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > (tolerance ?? TimeSpan.FromMinutes(5)))
            return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.{hook.Body}"));
        foreach (var entry in hook.Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(',', 2);
            if (parts is not ["v1", var b64])
                continue;
            byte[] given;
            try
            {
                given = Convert.FromBase64String(b64);
            }
            catch (FormatException)
            {
                continue;
            }
            if (CryptographicOperations.FixedTimeEquals(given, expected))
                return true;
        }
        return false;
    }
}
