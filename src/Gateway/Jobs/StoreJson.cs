using System.Text.Json;
using System.Text.Json.Serialization;
using Cartoon.Storage;

namespace Cartoon.Gateway.Jobs;

/// <summary>One JSON shape for everything the gateway persists, so a restart (or another replica) reads what was written.</summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const int TornReadAttempts = 3;

    public static async Task<T?> GetAsync<T>(this IBlobStore store, string key, CancellationToken ct) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var blob = await store.GetAsync(key, ct);
            try
            {
                return blob is null ? null : JsonSerializer.Deserialize<T>(blob.Data, Options);
            }
            catch (JsonException) when (attempt < TornReadAttempts)
            {
                // S3 and MinIO replace an object whole, but some S3-compatible servers (s3rver, which the tests run)
                // serve a file while it is being rewritten: item records are rewritten (queued → processing → outcome)
                // while clients poll, so a truncated read is read again before it counts as corrupt.
                await Task.Delay(50 * attempt, ct);
            }
        }
    }

    public static Task PutJsonAsync<T>(this IBlobStore store, string key, T value, CancellationToken ct) =>
        store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Options), "application/json", ct);
}
