using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>A scrape job of the generated configuration: job name, host:port, path.</summary>
public sealed record ScrapeTarget(string Job, string HostPort, string MetricsPath = "/metrics")
{
    /// <summary>From a base URL (http://127.0.0.1:15693) and a path.</summary>
    public static ScrapeTarget FromUrl(string job, Uri baseUrl, string metricsPath = "/metrics") =>
        new(job, $"{baseUrl.Host}:{baseUrl.Port}", metricsPath);
}

/// <summary>One series of an instant query: its labels and value.</summary>
public sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A real Prometheus server (/usr/bin/prometheus, installed by scripts/services.sh; CARTOON_PROMETHEUS overrides the
/// path) started for a test with a configuration written to a temp folder, listening on a free 127.0.0.1 port, and
/// stopped (the process it started, only) with its data on dispose. Either give it scrape targets (a configuration
/// with scrape_interval 1 s is generated) or a whole configuration (e.g. deploy/prometheus/prometheus.yml with its
/// targets rewritten), plus rule files. Query with <see cref="QueryAsync"/> (the HTTP API /api/v1/query), so a
/// dashboard's panel expressions can be run against live data.
/// </summary>
public sealed class PrometheusFixture : IAsyncDisposable
{
    public const string BinaryVariable = "CARTOON_PROMETHEUS";
    public const string DefaultBinary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log;
    private readonly HttpClient _http;

    private PrometheusFixture(Process process, string directory, Uri baseAddress, StringBuilder log)
    {
        _process = process;
        _directory = directory;
        _log = log;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>http://127.0.0.1:{port}/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The configuration file in use (in the fixture's temp folder).</summary>
    public string ConfigPath => Path.Combine(_directory, "prometheus.yml");

    /// <summary>What the server logged so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>A generated configuration scraping <paramref name="targets"/> every <paramref name="scrapeInterval"/> (default 1 s).</summary>
    public static Task<PrometheusFixture> StartAsync(IEnumerable<ScrapeTarget> targets, TimeSpan? scrapeInterval = null,
        IEnumerable<string>? ruleFiles = null, CancellationToken ct = default) =>
        StartAsync(GenerateConfig(targets, scrapeInterval ?? TimeSpan.FromSeconds(1), ruleFiles is null ? [] : ruleFiles.Select(f => Path.GetFileName(f))),
            ruleFiles, ct);

    /// <summary>
    /// A given configuration (YAML). Rule files are copied beside it; reference them by file name in rule_files.
    /// </summary>
    public static async Task<PrometheusFixture> StartAsync(string configYaml, IEnumerable<string>? ruleFiles = null, CancellationToken ct = default)
    {
        var binary = Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } configured ? configured : DefaultBinary;
        if (!File.Exists(binary))
            throw new InvalidOperationException($"Prometheus is not installed at {binary} (scripts/services.sh start installs Debian's prometheus). {ServicesFixture.HowToRun}");

        var directory = Path.Combine(Path.GetTempPath(), "cartoon-prometheus", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        foreach (var rule in ruleFiles ?? [])
            File.Copy(rule, Path.Combine(directory, Path.GetFileName(rule)));
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml, ct);

        var port = Ports.Unused();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn", "--storage.tsdb.retention.time=1h",
                 })
            start.ArgumentList.Add(arg);

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var fixture = new PrometheusFixture(process, directory, new Uri($"http://127.0.0.1:{port}/"), log);
        try
        {
            await fixture.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public static string GenerateConfig(IEnumerable<ScrapeTarget> targets, TimeSpan scrapeInterval, IEnumerable<string> ruleFiles)
    {
        var interval = $"{(int)Math.Max(1, scrapeInterval.TotalMilliseconds)}ms";
        var yaml = new StringBuilder();
        yaml.AppendLine("global:");
        yaml.AppendLine($"  scrape_interval: {interval}");
        yaml.AppendLine($"  scrape_timeout: {interval}");
        yaml.AppendLine($"  evaluation_interval: {interval}");
        var rules = ruleFiles.ToList();
        if (rules.Count > 0)
        {
            yaml.AppendLine("rule_files:");
            foreach (var rule in rules)
                yaml.AppendLine($"  - '{rule}'");
        }
        yaml.AppendLine("scrape_configs:");
        foreach (var target in targets)
        {
            yaml.AppendLine($"  - job_name: '{target.Job}'");
            yaml.AppendLine($"    metrics_path: '{target.MetricsPath}'");
            yaml.AppendLine("    static_configs:");
            yaml.AppendLine($"      - targets: ['{target.HostPort}']");
        }
        return yaml.ToString();
    }

    /// <summary>An instant query; throws (with the server's error) unless it succeeds. Vector and scalar results.</summary>
    public async Task<IReadOnlyList<PromSeries>> QueryAsync(string promql, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"Query '{promql}' failed: {body}");
        var data = root.GetProperty("data");
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        if (type == "scalar")
            return [new PromSeries(new Dictionary<string, string>(), Number(result[1]))];
        if (type != "vector")
            throw new InvalidOperationException($"Query '{promql}' returned a {type}; instant vector or scalar expected.");
        return result.EnumerateArray().Select(series => new PromSeries(
            series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            Number(series.GetProperty("value")[1]))).ToList();
    }

    /// <summary>Polls <paramref name="promql"/> until <paramref name="until"/> holds for its result; the last result otherwise (after the timeout, as an exception).</summary>
    public async Task<IReadOnlyList<PromSeries>> WaitForAsync(string promql, Func<IReadOnlyList<PromSeries>, bool> until, TimeSpan timeout,
        CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await QueryAsync(promql, ct);
            if (until(result))
                return result;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{promql}' never met the condition in {timeout}; last: " +
                                           string.Join("; ", result.Select(s => $"{{{string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))}}} {s.Value}")) +
                                           $"\nprometheus log:\n{Log}");
            await Task.Delay(500, ct);
        }
    }

    /// <summary>Waits until every target of every job is up (scraped successfully at least once).</summary>
    public Task WaitForTargetsUpAsync(IEnumerable<string> jobs, TimeSpan timeout, CancellationToken ct = default)
    {
        var expected = jobs.ToHashSet(StringComparer.Ordinal);
        return WaitForAsync("up == 1", r => expected.IsSubsetOf(r.Select(s => s.Labels.GetValueOrDefault("job", ""))), timeout, ct);
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Prometheus exited with {_process.ExitCode} at start:\n{Log}");
            try
            {
                using var response = await _http.GetAsync("-/ready", ct);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Prometheus not ready in {timeout}:\n{Log}");
            await Task.Delay(100, ct);
        }
    }

    private static double Number(JsonElement value) => value.GetString() switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        var s => double.Parse(s!, CultureInfo.InvariantCulture),
    };

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
