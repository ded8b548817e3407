using System.Collections.Concurrent;
using System.Diagnostics;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Integration.Tests.Storage;

/// <summary>AddCartoonStorage in a real generic host: options validation, store choice, start-up, health.</summary>
public sealed class StorageRegistrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Defaults_to_the_file_system_under_the_content_root()
    {
        using var host = BuildHost(new Dictionary<string, string?>(), contentRoot: _folder.Path);
        await host.StartAsync();
        try
        {
            var store = Assert.IsType<FileSystemBlobStore>(host.Services.GetRequiredService<IBlobStore>());
            Assert.Equal(Path.Combine(_folder.Path, "data", "blobs"), store.Root);
            Assert.True(Directory.Exists(Path.Combine(store.Root, "objects")));

            var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            Assert.Equal("cartoon", options.Bucket);
            Assert.Equal("us-east-1", options.S3Region);
            Assert.Equal(TimeSpan.FromMinutes(15), options.PresignExpiry);

            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
            Assert.Equal(HealthStatus.Healthy, report.Status);
            Assert.True(report.Entries.ContainsKey("storage"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task S3_without_endpoint_and_keys_fails_at_start_naming_the_settings()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Storage:Provider"] = "S3" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:S3Endpoint is required when Storage:Provider is S3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:S3AccessKey is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:S3SecretKey is required", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:Provider", "Azure", "Storage:Provider 'Azure' is not supported")]
    [InlineData("Storage:PresignExpiry", "8.00:00:00", "Storage:PresignExpiry must be between 1 second and 7 days")]
    [InlineData("Storage:Root", " ", "Storage:Root is required")]
    public async Task Invalid_settings_fail_at_start_with_a_clear_message(string setting, string value, string expected)
    {
        using var host = BuildHost(new Dictionary<string, string?> { [setting] = value }, contentRoot: _folder.Path);
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_endpoint_with_a_scheme_is_refused()
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "S3", ["Storage:S3Endpoint"] = "http://minio:9000", ["Storage:S3AccessKey"] = "a", ["Storage:S3SecretKey"] = "b",
        });
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("must be host:port without scheme", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_provider_creates_its_bucket_at_start_and_reports_ready()
    {
        var services = ServicesFixture.Instance;
        var bucket = ServicesFixture.NewBucketName("host");
        try
        {
            using var host = BuildHost(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "S3",
                ["Storage:S3Endpoint"] = services.RequireS3(),
                ["Storage:S3AccessKey"] = services.S3AccessKey,
                ["Storage:S3SecretKey"] = services.S3SecretKey,
                ["Storage:Bucket"] = bucket,
            });
            await host.StartAsync();
            try
            {
                Assert.IsType<S3BlobStore>(host.Services.GetRequiredService<IBlobStore>());
                using var admin = S3Admin.Client(services);
                Assert.True(await S3Admin.BucketExistsAsync(admin, bucket));
                var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
                Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
            }
            finally
            {
                await host.StopAsync();
            }
        }
        finally
        {
            await S3Admin.DeleteBucketAsync(services, bucket);
        }
    }

    [Fact]
    public async Task Unreachable_S3_fails_the_host_fast_with_a_critical_log()
    {
        var logs = new ListLoggerProvider();
        var endpoint = $"127.0.0.1:{Ports.Unused()}";
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "S3",
            ["Storage:S3Endpoint"] = endpoint,
            ["Storage:S3AccessKey"] = "k",
            ["Storage:S3SecretKey"] = "s",
            ["Storage:RetryBaseDelay"] = "00:00:00.100",
        }, logs: logs);

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => host.StartAsync());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        var critical = Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains("Storage is not usable at start", critical.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, critical.Message, StringComparison.Ordinal);
        Assert.Equal(3, logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("retry", StringComparison.Ordinal)));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, string? contentRoot = null, ListLoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot ?? Path.GetTempPath(),
            EnvironmentName = "Testing",
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddCartoonStorage(builder.Configuration);
        return builder.Build();
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(Entries);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
