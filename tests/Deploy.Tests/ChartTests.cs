using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Cartoon.Deploy.Tests;

/// <summary>The Helm chart without a Helm binary: values against the schema, template references and structure.</summary>
public sealed partial class ChartTests
{
    private static string ValuesPath => Path.Combine(RepoPaths.Chart, "values.yaml");

    // parsed once: the schema's $id is registered globally, and registering it again is an error
    private static readonly Lazy<JsonSchema> ValuesSchema =
        new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Chart, "values.schema.json"))));

    private static JsonSchema Schema() => ValuesSchema.Value;

    private static EvaluationResults Validate(JsonNode? values) =>
        Schema().Evaluate(JsonSerializer.SerializeToElement(values), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults r) => string.Join("\n",
        (r.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"  {d.InstanceLocation}: {e.Key}: {e.Value}")));

    [Fact]
    public void Schema_is_draft_07()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Chart, "values.schema.json")))!;
        Assert.Equal("http://json-schema.org/draft-07/schema#", schema["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void Values_validate_against_the_schema()
    {
        var result = Validate(YamlJson.LoadFile(ValuesPath));
        Assert.True(result.IsValid, "values.yaml does not match values.schema.json:\n" + Errors(result));
    }

    [Fact]
    public void Schema_describes_every_value()
    {
        // additionalProperties: false everywhere the chart owns the shape, so an unknown key anywhere is an error;
        // walk every leaf of values.yaml and check the schema has a property (or a free-form map) for it
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Chart, "values.schema.json")))!;
        var missing = new List<string>();
        Walk(YamlJson.LoadFile(ValuesPath), schema, "", missing);
        Assert.True(missing.Count == 0, "values without a schema entry:\n  " + string.Join("\n  ", missing));
    }

    [Theory]
    [InlineData("gateway.replicas", "\"two\"")]
    [InlineData("worker.replicas", "-1")]
    [InlineData("worker.device", "\"Gpu\"")]
    [InlineData("worker.autoscaling.mode", "\"QueueSize\"")]
    [InlineData("worker.autoscaling.value", "32")]
    [InlineData("worker.stopTimeout", "\"2m\"")]
    [InlineData("tiers.maxGroupSize", "1000")]
    [InlineData("tiers.memoryBudgetBytes", "1024")]
    [InlineData("storage.s3Endpoint", "\"http://minio:9000\"")]
    [InlineData("storage.bucket", "\"Cartoon_Bucket\"")]
    [InlineData("secrets.webhookSecret", "\"not-a-whsec\"")]
    [InlineData("worker.preload", "[\"manga\"]")]
    [InlineData("gateway.replica", "2")]
    [InlineData("extraEnv", "{\"Bad Key\": \"x\"}")]
    [InlineData("database.connectionString", "\"pg.example:5432\"")]
    [InlineData("database.connectionString", "\"postgres://cartoon:pw@pg/cartoon\"")]
    [InlineData("database.commandTimeoutSeconds", "0")]
    [InlineData("database.secretKey", "\"connection string\"")]
    [InlineData("database.migration.backoffLimit", "-1")]
    [InlineData("database.migration.enabled", "\"yes\"")]
    [InlineData("database.migrateAtStart", "true")]
    [InlineData("postgresql.enabled", "\"true\"")]
    [InlineData("postgresql.auth.password", "\"pass;word\"")]
    [InlineData("postgresql.auth.username", "\"car-toon\"")]
    [InlineData("postgresql.persistence.size", "\"8 GB\"")]
    public void A_wrong_value_is_rejected(string path, string json)
    {
        var values = WithValue(path, json);
        Assert.False(Validate(values).IsValid, $"{path} = {json} was accepted");
    }

    [Theory]
    [InlineData("database.connectionString", "\"Host=pg.db.svc;Port=5432;Database=cartoon;Username=cartoon;Password=s3cret\"")]
    [InlineData("database.connectionString", "\"Server=pg;Database=cartoon;User ID=cartoon;Password=x\"")]
    [InlineData("database.existingSecret", "\"cartoon-db\"")]
    [InlineData("database.migration.enabled", "false")]
    [InlineData("postgresql.enabled", "true")]
    [InlineData("postgresql.auth.password", "\"trial-password-1\"")]
    public void A_right_value_is_accepted(string path, string json)
    {
        var result = Validate(WithValue(path, json));
        Assert.True(result.IsValid, $"{path} = {json} was rejected:\n" + Errors(result));
    }

    private static JsonNode WithValue(string path, string json)
    {
        var values = YamlJson.LoadFile(ValuesPath)!;
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(values, (node, p) => node[p]!);
        parent[parts[^1]] = JsonNode.Parse(json);
        return values;
    }

    [Fact]
    public void Templates_refer_only_to_defined_values()
    {
        var values = YamlJson.LoadFile(ValuesPath)!;
        var undefined = new List<string>();
        foreach (var file in TemplateFiles())
        {
            foreach (Match m in ValuesRef().Matches(File.ReadAllText(file)))
            {
                JsonNode? node = values;
                foreach (var segment in m.Groups[1].Value.TrimStart('.').Split('.'))
                {
                    if (node is not JsonObject obj || !obj.ContainsKey(segment))
                    {
                        undefined.Add($"{Path.GetFileName(file)}: .Values{m.Groups[1].Value}");
                        break;
                    }

                    node = obj[segment];
                }
            }
        }

        Assert.True(undefined.Count == 0, "templates use values that values.yaml does not define:\n  " + string.Join("\n  ", undefined.Distinct()));
    }

    [Fact]
    public void Template_actions_are_balanced()
    {
        foreach (var file in TemplateFiles())
        {
            var text = File.ReadAllText(file);
            Assert.Equal(Count(text, "{{"), Count(text, "}}"));
            var opened = Action().Matches(text).Count(m => m.Groups[1].Value is "if" or "with" or "range" or "define");
            var closed = Action().Matches(text).Count(m => m.Groups[1].Value is "end");
            Assert.True(opened == closed, $"{Path.GetFileName(file)}: {opened} if/with/range/define blocks, {closed} ends");
        }
    }

    [Fact]
    public void Chart_has_the_expected_objects()
    {
        var all = string.Join("\n", TemplateFiles().Select(File.ReadAllText));
        foreach (var kind in new[] { "Deployment", "Service", "Ingress", "ConfigMap", "Secret", "ScaledObject",
                     "TriggerAuthentication", "ServiceMonitor", "PodDisruptionBudget", "Job", "StatefulSet" })
            Assert.Matches(new Regex($@"(?m)^kind: {kind}$"), all);

        var worker = File.ReadAllText(Path.Combine(RepoPaths.Chart, "templates", "worker-deployment.yaml"));
        foreach (var needle in new[] { "startupProbe:", "readinessProbe:", "livenessProbe:", "path: /health/ready", "path: /health/live",
                     "terminationGracePeriodSeconds:", "preStop:", ".Values.worker.gpu.resourceName", "nodeSelector:", "tolerations:",
                     "mountPath: /models", "Engine__ModelsDirectory" })
            Assert.Contains(needle, worker);

        var scaled = File.ReadAllText(Path.Combine(RepoPaths.Chart, "templates", "worker-scaledobject.yaml"));
        foreach (var needle in new[] { "type: rabbitmq", "mode:", "value:", "activationValue:", "queueName:", "minReplicaCount:",
                     "maxReplicaCount:", "authenticationRef:", "secretTargetRef:" })
            Assert.Contains(needle, scaled);

        var chart = YamlJson.LoadFile(Path.Combine(RepoPaths.Chart, "Chart.yaml"))!;
        Assert.Equal("v2", chart["apiVersion"]!.GetValue<string>());
        Assert.Equal("cartoon", chart["name"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(RepoPaths.Chart, "README.md")));
    }

    [Fact]
    public void Readme_documents_every_value()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Chart, "README.md"));
        var leaves = new List<string>();
        Leaves(YamlJson.LoadFile(ValuesPath), "", leaves);
        var undocumented = leaves.Where(l => !readme.Contains($"`{l}`", StringComparison.Ordinal)).ToList();
        Assert.True(undocumented.Count == 0, "values missing from the chart README's table:\n  " + string.Join("\n  ", undocumented));
    }

    internal static IEnumerable<string> TemplateFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Chart, "templates")).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".tpl", StringComparison.Ordinal));

    /// <summary>Value paths down to maps the chart owns; free-form maps and lists are one entry.</summary>
    private static void Leaves(JsonNode? node, string path, List<string> result)
    {
        if (node is JsonObject obj && obj.Count > 0 && !FreeForm(path))
        {
            foreach (var (k, v) in obj)
                Leaves(v, path.Length == 0 ? k : $"{path}.{k}", result);
        }
        else
        {
            result.Add(path);
        }
    }

    private static bool FreeForm(string path) =>
        path.EndsWith("resources", StringComparison.Ordinal) || path.EndsWith("nodeSelector", StringComparison.Ordinal)
        || path.EndsWith("models.volume", StringComparison.Ordinal) || path.EndsWith("Annotations", StringComparison.Ordinal)
        || path.EndsWith("annotations", StringComparison.Ordinal) || path.EndsWith("affinity", StringComparison.Ordinal)
        || path.EndsWith("extraEnv", StringComparison.Ordinal) || path.EndsWith("labels", StringComparison.Ordinal);

    private static void Walk(JsonNode? value, JsonNode? schema, string path, List<string> missing)
    {
        if (schema is null)
        {
            missing.Add(path);
            return;
        }

        if (schema["type"] is null && schema["enum"] is null)
            missing.Add($"{path} (schema has no type)");

        if (value is JsonObject obj && schema["properties"] is JsonObject props)
        {
            foreach (var (k, v) in obj)
                Walk(v, props[k] ?? (schema["additionalProperties"] is JsonObject ap ? ap : null), $"{path}.{k}", missing);
        }
        else if (value is JsonArray arr && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < arr.Count; i++)
                Walk(arr[i], items, $"{path}[{i}]", missing);
        }
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [GeneratedRegex(@"\$?\.Values((?:\.[A-Za-z0-9_]+)+)")]
    private static partial Regex ValuesRef();

    [GeneratedRegex(@"\{\{-?\s*(if|with|range|define|end)\b")]
    private static partial Regex Action();
}
