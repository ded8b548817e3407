namespace Cartoon.Deploy.Tests;

/// <summary>The real checkers (apt: prometheus, docker-compose, yamllint) accept the deployment files.</summary>
public sealed class ToolTests
{
    [Fact]
    public void Promtool_checks_the_prometheus_config()
    {
        var r = Tools.Run("promtool", ["check", "config", RepoPaths.PrometheusConfig]);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void Promtool_checks_the_rules()
    {
        var r = Tools.Run("promtool", ["check", "rules", RepoPaths.Rules]);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void Promtool_rule_unit_tests_pass()
    {
        var r = Tools.Run("promtool", ["test", "rules", RepoPaths.RulesTests]);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void Every_dashboard_query_parses_as_promql()
    {
        // promtool parses each expression when it checks a rule file: one recording rule per dashboard query
        var queries = DashboardQueries.Load(RepoPaths.Dashboard);
        var dir = Directory.CreateTempSubdirectory("cartoon-dashboard-");
        try
        {
            var file = Path.Combine(dir.FullName, "dashboard.rules.yml");
            using (var w = new StreamWriter(file))
            {
                w.WriteLine("groups:\n  - name: dashboard\n    rules:");
                for (var i = 0; i < queries.Count; i++)
                {
                    w.WriteLine($"      - record: dashboard:query_{i}");
                    w.WriteLine($"        expr: '{queries[i].Expr.Replace("'", "''", StringComparison.Ordinal)}'");
                }
            }

            var r = Tools.Run("promtool", ["check", "rules", file]);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains($"{queries.Count} rules found", r.StdOut + r.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Docker_compose_validates_the_compose_file()
    {
        var r = Tools.Run("docker-compose", ["-f", RepoPaths.Compose, "config", "-q"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        // the cpu profile as well (services in a profile are validated only when it is active)
        r = Tools.Run("docker-compose", ["-f", RepoPaths.Compose, "--profile", "cpu", "config", "--services"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("worker-cpu", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Yamllint_accepts_the_values_and_the_plain_yaml()
    {
        string[] files =
        [
            "docker-compose.yml",
            "deploy/helm/cartoon/Chart.yaml",
            "deploy/helm/cartoon/values.yaml",
            "deploy/prometheus/prometheus.yml",
            "deploy/prometheus/rules/cartoon.rules.yml",
            "deploy/prometheus/rules/cartoon.rules.test.yml",
            "deploy/grafana/provisioning/datasources/prometheus.yml",
            "deploy/grafana/provisioning/dashboards/cartoon.yml",
        ];
        foreach (var f in files)
            Assert.True(File.Exists(RepoPaths.Combine(f)), $"{f} is missing");
        var r = Tools.Run("yamllint", ["-d", "relaxed", "-f", "parsable", .. files]);
        Assert.True(r.ExitCode == 0, r.ToString());
        // relaxed only warns about long lines and the like; anything else counts
        var errors = r.StdOut.Split('\n').Where(l => l.Contains("[error]", StringComparison.Ordinal)).ToList();
        Assert.Empty(errors);
    }
}
