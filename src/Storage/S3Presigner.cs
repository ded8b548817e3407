using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cartoon.Storage;

/// <summary>
/// AWS Signature V4 query signing (a presigned URL, UNSIGNED-PAYLOAD, the host as the only signed header), path style
/// (<c>scheme://endpoint/bucket/key</c>), for the store's own reads and writes. The MinIO SDK signs the same URL, but
/// its presign re-validates the bucket, matches the endpoint against Amazon host patterns and rebuilds a request for
/// every call: a twentieth of a submit's gateway CPU (docs/benchmarks.md, issue 12, fourth round). Here a call is one
/// canonical request and two HMACs; the signing key is derived once per UTC day. Amazon endpoints are not handled
/// (<see cref="Handles"/>): the SDK signs those virtual-host style, so they keep going through it, as do keys with
/// characters outside the unreserved set (<see cref="IsPlainKey"/>).
/// S3PresignerTests compares every URL with the SDK's for the same time.
/// </summary>
internal sealed class S3Presigner(string endpoint, bool ssl, string accessKey, string secretKey, string region, TimeProvider clock)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private readonly string _origin = $"{(ssl ? "https" : "http")}://{endpoint}";
    private readonly string _host = DefaultPortless(endpoint, ssl);
    private DayKey? _signingKey;

    /// <summary>Whether this signer's URL is the SDK's for this endpoint: any endpoint but Amazon's own.</summary>
    public static bool Handles(string endpoint)
    {
        var host = endpoint.Split(':')[0];
        return !host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
               && !host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase)
               && !host.Equals("amazonaws.com", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Keys of unreserved characters and '/' only (every key the services make: jobs/…/inputs/0000): their encoding is
    /// themselves, so there is nothing to disagree with the SDK about. Any other key goes through the SDK.
    /// </summary>
    public static bool IsPlainKey(string key)
    {
        foreach (var c in key)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' or '/'))
                return false;
        }
        return true;
    }

    public Uri Presign(string method, string bucket, string key, int expirySeconds) => Presign(method, bucket, key, expirySeconds, clock.GetUtcNow());

    internal Uri Presign(string method, string bucket, string key, int expirySeconds, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var date = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/s3/aws4_request";
        var path = $"/{Encode(bucket, keepSlash: false)}/{Encode(key, keepSlash: true)}";
        // Already in canonical (sorted) order.
        var query = $"X-Amz-Algorithm={Algorithm}&X-Amz-Credential={Encode($"{accessKey}/{scope}", keepSlash: false)}" +
                    $"&X-Amz-Date={amzDate}&X-Amz-Expires={expirySeconds.ToString(CultureInfo.InvariantCulture)}&X-Amz-SignedHeaders=host";
        var canonicalRequest = $"{method}\n{path}\n{query}\nhost:{_host}\n\nhost\nUNSIGNED-PAYLOAD";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signature = Hex(HMACSHA256.HashData(SigningKey(date), Encoding.UTF8.GetBytes(stringToSign)));
        return new Uri($"{_origin}{path}?{query}&X-Amz-Signature={signature}", UriKind.Absolute);
    }

    private byte[] SigningKey(string date)
    {
        // One reference, read and replaced whole, so a reader on another thread never sees one day's date with another's
        // key (a struct of the two could be read half old, half new).
        if (_signingKey is { } cached && cached.Date == date)
            return cached.Key;
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, "s3"u8);
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        _signingKey = new DayKey(date, key);
        return key;
    }

    private sealed record DayKey(string Date, byte[] Key);

    /// <summary>S3's URI encoding: every byte of the UTF-8 form except A–Z a–z 0–9 - _ . ~ (and / in a key) as %XX, upper case.</summary>
    internal static string Encode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The Host header HttpClient sends: the port only when it is not the scheme's default.</summary>
    private static string DefaultPortless(string endpoint, bool ssl) =>
        (ssl && endpoint.EndsWith(":443", StringComparison.Ordinal)) || (!ssl && endpoint.EndsWith(":80", StringComparison.Ordinal))
            ? endpoint[..endpoint.LastIndexOf(':')]
            : endpoint;
}
