using System.Security.Cryptography;
using System.Text.Json;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Whether a listed item record is the one already held: its ETag against the MD5 of the record as this gateway
/// serializes it (what <see cref="StoreJson.PutJsonAsync{T}"/> wrote, byte for byte). MD5 here is a content tag the
/// S3 server computed anyway, not a security measure.
/// </summary>
public static class ItemVersions
{
    public static bool Matches(ItemRecord held, string? etag)
    {
        if (string.IsNullOrEmpty(etag))
            return false;
#pragma warning disable CA5351 // S3's ETag of a single-part upload is the MD5 of the body; compared, never trusted for integrity.
        var hash = MD5.HashData(JsonSerializer.SerializeToUtf8Bytes(held, StoreJson.Options));
#pragma warning restore CA5351
        return string.Equals(Convert.ToHexStringLower(hash), etag.Trim('"'), StringComparison.OrdinalIgnoreCase);
    }
}
