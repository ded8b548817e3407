using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cartoon.Gateway.Jobs;

/// <summary>The JSON of responses and webhook bodies (the same options, so a webhook's data equals GET's body).</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }
}
