using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cartoon.Deploy.Tests;

/// <summary>
/// The chart's database wiring without a Helm binary: template text where an expression decides, and the templates'
/// YAML structure with the template actions taken out (<see cref="Skeleton"/>).
/// </summary>
public sealed partial class ChartDatabaseTests
{
    private static string Template(string name) => File.ReadAllText(Path.Combine(RepoPaths.Chart, "templates", name));

    private static JsonNode Values() => YamlJson.LoadFile(Path.Combine(RepoPaths.Chart, "values.yaml"))!;

    [Fact]
    public void Migration_job_is_a_pre_install_and_pre_upgrade_hook_that_runs_the_gateway_image_with_migrate()
    {
        var text = Template("migration-job.yaml");
        Assert.StartsWith("{{- if include \"cartoon.migrationJob\" . }}", text, StringComparison.Ordinal);
        var job = Skeleton(text).Single();
        Assert.Equal("Job", job["kind"]!.GetValue<string>());
        Assert.Equal("batch/v1", job["apiVersion"]!.GetValue<string>());
        var annotations = job["metadata"]!["annotations"]!;
        Assert.Equal("pre-install,pre-upgrade", annotations["helm.sh/hook"]!.GetValue<string>());
        var deletePolicy = annotations["helm.sh/hook-delete-policy"]!.GetValue<string>().Split(',');
        Assert.Contains("before-hook-creation", deletePolicy);
        Assert.Contains("hook-succeeded", deletePolicy);
        // after the database Secret (a hook as well, weight -10)
        Assert.Equal("0", annotations["helm.sh/hook-weight"]!.GetValue<string>());

        var spec = job["spec"]!;
        Assert.NotNull(spec["backoffLimit"]);
        Assert.Contains("backoffLimit: {{ .Values.database.migration.backoffLimit }}", text, StringComparison.Ordinal);
        Assert.Contains("activeDeadlineSeconds: {{ .Values.database.migration.activeDeadlineSeconds }}", text, StringComparison.Ordinal);
        var pod = spec["template"]!["spec"]!;
        Assert.Equal("Never", pod["restartPolicy"]!.GetValue<string>());
        var container = pod["containers"]!.AsArray().Single()!;
        Assert.Equal(["migrate"], container["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Null(container["command"]); // the image's ENTRYPOINT: dotnet Cartoon.Gateway.dll

        // the gateway's image and security settings, and its database settings
        var gateway = Template("gateway-deployment.yaml");
        const string image = "image: {{ include \"cartoon.image\" (list . .Values.gateway.image) | quote }}";
        Assert.Contains(image, gateway, StringComparison.Ordinal);
        Assert.Contains(image, text, StringComparison.Ordinal);
        foreach (var include in new[] { "include \"cartoon.podSecurityContext\"", "include \"cartoon.containerSecurityContext\"", "include \"cartoon.databaseEnv\"" })
        {
            Assert.Contains(include, gateway, StringComparison.Ordinal);
            Assert.Contains(include, text, StringComparison.Ordinal);
        }

        Assert.Contains("runAsNonRoot: true", Define("cartoon.podSecurityContext"), StringComparison.Ordinal);
        Assert.Contains("allowPrivilegeEscalation: false", Define("cartoon.containerSecurityContext"), StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_run_in_the_job_only_with_an_external_database_else_at_gateway_start()
    {
        // hooks run before the release's own objects: the trial PostgreSQL would not exist yet
        var rule = Define("cartoon.migrationJob");
        Assert.Contains("and .Values.database.migration.enabled (not .Values.postgresql.enabled)", rule, StringComparison.Ordinal);
        // exactly one of the two: the gateway migrates at start whenever the Job does not run
        Assert.Matches(
            new Regex(@"- name: Database__MigrateAtStart\s+value: \{\{ ternary ""false"" ""true"" \(eq \(include ""cartoon\.migrationJob"" \.\) ""true""\) \| quote \}\}"),
            Template("gateway-deployment.yaml"));

        var values = Values();
        Assert.False(values["postgresql"]!["enabled"]!.GetValue<bool>());
        Assert.True(values["database"]!["migration"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public void Gateway_and_job_read_the_connection_string_from_the_database_secret_and_workers_get_no_database()
    {
        var env = Skeleton(Define("cartoon.databaseEnv")).Single()!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!);
        Assert.Equal("Postgres", env["Database__Provider"]["value"]!.GetValue<string>());
        Assert.Null(env["Database__ConnectionString"]["value"]);
        Assert.NotNull(env["Database__ConnectionString"]["valueFrom"]!["secretKeyRef"]);
        Assert.Contains("name: {{ include \"cartoon.databaseSecretName\" . }}\n      key: {{ .Values.database.secretKey | quote }}",
            Define("cartoon.databaseEnv"), StringComparison.Ordinal);
        Assert.Contains("Database__CommandTimeoutSeconds", env.Keys);

        // database.existingSecret, else the chart's Secret, else the user's secrets.existingSecret
        var name = Define("cartoon.databaseSecretName");
        Assert.True(name.IndexOf(".Values.database.existingSecret", StringComparison.Ordinal) < name.IndexOf(".Values.secrets.create", StringComparison.Ordinal));
        Assert.Contains("printf \"%s-database\" (include \"cartoon.fullname\" .)", name, StringComparison.Ordinal);
        Assert.Contains("include \"cartoon.secretName\" .", name, StringComparison.Ordinal);

        // only the gateway talks to the database
        foreach (var file in new[] { "worker-deployment.yaml", "configmap.yaml", "worker-scaledobject.yaml" })
            Assert.DoesNotContain("Database__", Template(file), StringComparison.Ordinal);
        Assert.DoesNotContain("cartoon.databaseEnv", Template("worker-deployment.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_made_database_secret_exists_before_the_job_and_requires_a_connection_string()
    {
        var text = Template("database-secret.yaml");
        Assert.StartsWith("{{- if and .Values.secrets.create (not .Values.database.existingSecret) }}", text.Split('\n').First(l => l.StartsWith("{{", StringComparison.Ordinal)), StringComparison.Ordinal);
        var secret = Skeleton(text).Single();
        Assert.Equal("Secret", secret["kind"]!.GetValue<string>());
        Assert.Equal("-10", secret["metadata"]!["annotations"]!["helm.sh/hook-weight"]!.GetValue<string>());
        Assert.Equal("pre-install,pre-upgrade", secret["metadata"]!["annotations"]!["helm.sh/hook"]!.GetValue<string>());
        Assert.Contains("{{- if include \"cartoon.migrationJob\" . }}\n  annotations:", text, StringComparison.Ordinal);
        Assert.Contains("{{ .Values.database.secretKey }}: {{ required \"database.connectionString is required", text, StringComparison.Ordinal);
        // the trial PostgreSQL: the connection string points to its Service, its password is in the same Secret
        Assert.Contains("printf \"Host=%s;Port=5432;Database=%s;Username=%s;Password=%s\" (include \"cartoon.postgresqlName\" .)", text, StringComparison.Ordinal);
        Assert.Contains("postgres-password:", text, StringComparison.Ordinal);
        Assert.Contains("required \"postgresql.auth.password is required with postgresql.enabled\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Trial_postgres_is_an_optional_single_replica_statefulset_with_a_pvc_behind_a_service()
    {
        var text = Template("postgresql.yaml");
        Assert.StartsWith("{{- if .Values.postgresql.enabled }}", text, StringComparison.Ordinal);
        var docs = Skeleton(text);
        var service = docs.Single(d => d["kind"]!.GetValue<string>() == "Service");
        var set = docs.Single(d => d["kind"]!.GetValue<string>() == "StatefulSet");
        Assert.Equal(5432, service["spec"]!["ports"]![0]!["port"]!.GetValue<long>());
        Assert.Equal(1, set["spec"]!["replicas"]!.GetValue<long>());
        Assert.Contains("include \"cartoon.postgresqlName\"", text, StringComparison.Ordinal);

        var container = set["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;
        Assert.Contains("image: {{ .Values.postgresql.image | quote }}", text, StringComparison.Ordinal);
        var env = container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!);
        Assert.Equal("postgres-password", env["POSTGRES_PASSWORD"]["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        Assert.Contains("pg_isready", container["readinessProbe"]!.ToJsonString(), StringComparison.Ordinal);
        var claim = set["spec"]!["volumeClaimTemplates"]!.AsArray().Single()!;
        Assert.Equal(claim["metadata"]!["name"]!.GetValue<string>(), container["volumeMounts"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("/var/lib/postgresql/data", container["volumeMounts"]![0]!["mountPath"]!.GetValue<string>());
        Assert.Contains("storage: {{ .Values.postgresql.persistence.size | quote }}", text, StringComparison.Ordinal);
        Assert.Equal("postgres:17", Values()["postgresql"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Skeleton_keeps_the_structure_and_drops_the_actions()
    {
        var docs = Skeleton("{{- if .Values.x }}\na:\n  b: {{ .Values.y | quote }}\n  {{- with .Values.z }}\n  c: 1\n  {{- end }}\n  {{ .Values.k }}: 1\n  {{ .Values.k }}: 2\n---\nd: [\"e\"]\n{{- end }}\n");
        Assert.Equal(2, docs.Count);
        Assert.Equal("TEMPLATE", docs[0]["a"]!["b"]!.GetValue<string>());
        Assert.Equal(2, docs[0]["a"]!["TEMPLATE_2"]!.GetValue<long>());
        Assert.Equal(1, docs[0]["a"]!["c"]!.GetValue<long>());
        Assert.Equal("e", docs[1]["d"]![0]!.GetValue<string>());
    }

    /// <summary>The body of a named template of _helpers.tpl, up to the next comment or define.</summary>
    private static string Define(string name)
    {
        var helpers = Template("_helpers.tpl");
        var start = helpers.IndexOf($"define \"{name}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"_helpers.tpl does not define {name}");
        start = helpers.IndexOf('\n', start) + 1;
        var end = NextBlock().Match(helpers, start) is { Success: true } m ? m.Index : helpers.Length;
        return helpers[start..end];
    }

    /// <summary>
    /// A template's YAML documents with the template actions taken out: lines that are only actions go, inline
    /// expressions become the string TEMPLATE (TEMPLATE_n as a key, where both branches of an if give one). Conditional
    /// parts are all kept.
    /// </summary>
    internal static List<JsonNode> Skeleton(string template)
    {
        var lines = template.Split('\n').Where(l => !ActionLine().IsMatch(l));
        var text = string.Join('\n', lines);
        var keys = 0;
        var yaml = InlineAction().Replace(text, m =>
        {
            var end = m.Index + m.Length;
            return end < text.Length && text[end] == ':' ? $"TEMPLATE_{++keys}" : "TEMPLATE";
        });
        return [.. DocumentSeparator().Split(yaml).Select(YamlJson.Load).OfType<JsonNode>()];
    }

    [GeneratedRegex(@"^\s*\{\{-?[^}]*\}\}\s*$")]
    private static partial Regex ActionLine();

    [GeneratedRegex(@"\{\{-?.*?-?\}\}")]
    private static partial Regex InlineAction();

    [GeneratedRegex(@"(?m)^---\s*$")]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"\{\{-?\s*(define|/\*)")]
    private static partial Regex NextBlock();
}
