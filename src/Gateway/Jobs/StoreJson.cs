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

    public static async Task<T?> GetAsync<T>(this IBlobStore store, string key, CancellationToken ct) where T : class
    {
        var blob = await store.GetAsync(key, ct);
        return blob is null ? null : JsonSerializer.Deserialize<T>(blob.Data, Options);
    }

    public static Task PutJsonAsync<T>(this IBlobStore store, string key, T value, CancellationToken ct) =>
        store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Options), "application/json", ct);
}
