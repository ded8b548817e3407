using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cartoon.Gateway.Jobs;

/// <summary>One JSON shape for the JSON the gateway keeps in database columns (rejected parts, webhook attempts, outbox payloads).</summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
