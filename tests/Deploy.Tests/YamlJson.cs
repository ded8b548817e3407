using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cartoon.Deploy.Tests;

/// <summary>
/// YAML to System.Text.Json nodes with YAML 1.2 core-schema typing of plain scalars (int, float, bool, null;
/// quoted scalars stay strings) and merge keys (<c>&lt;&lt;: *anchor</c>) applied, so a values file can be
/// validated against a JSON Schema and a compose file read as the engine reads it.
/// </summary>
public static class YamlJson
{
    public static JsonNode? LoadFile(string path) => Load(File.ReadAllText(path));

    public static JsonNode? Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMapping(map),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonObject ConvertMapping(YamlMappingNode map)
    {
        var result = new JsonObject();
        // merge keys first, so explicit keys override them (YAML merge semantics)
        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: "<<" })
            {
                var sources = value is YamlSequenceNode seq ? seq.Children : [value];
                foreach (var source in sources)
                {
                    foreach (var (k, v) in ConvertMapping((YamlMappingNode)source))
                    {
                        if (!result.ContainsKey(k))
                            result[k] = v?.DeepClone();
                    }
                }
            }
        }

        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: "<<" })
                continue;
            var name = ((YamlScalarNode)key).Value ?? "";
            result[name] = Convert(value);
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
            return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^[-+]?[0-9]+$")
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
