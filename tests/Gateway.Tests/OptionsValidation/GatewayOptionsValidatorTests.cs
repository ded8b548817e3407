using Cartoon.Gateway.Auth;
using Cartoon.Gateway.Backpressure;
using Cartoon.Gateway.Extensions;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Streaming;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Tests.OptionsValidation;

/// <summary>
/// The gateway's options validators, one per options type: each rule fails with the message an operator sees at start,
/// the defaults pass, and a validator with several broken rules reports them all.
/// </summary>
public sealed class GatewayOptionsValidatorTests
{
    private static string[] Failures<T>(IValidateOptions<T> validator, T options) where T : class
    {
        var result = validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        return result.Succeeded ? [] : [.. result.Failures!];
    }

    [Fact]
    public void Every_default_passes()
    {
        Assert.Empty(Failures(new WebhookOptionsValidator(), new WebhookOptions()));
        Assert.Empty(Failures(new OutboxOptionsValidator(), new OutboxOptions()));
        Assert.Empty(Failures(new IdempotencyOptionsValidator(), new IdempotencyOptions()));
        Assert.Empty(Failures(new ImageUrlOptionsValidator(), new ImageUrlOptions()));
        Assert.Empty(Failures(new GatewayOptionsValidator(), new GatewayOptions()));
        Assert.Empty(Failures(new UploadOptionsValidator(), new UploadOptions()));
        Assert.Empty(Failures(new JobStreamOptionsValidator(), new JobStreamOptions()));
        Assert.Empty(Failures(new BackpressureOptionsValidator(), new BackpressureOptions()));
        Assert.Empty(Failures(new RateLimitOptionsValidator(), new RateLimitOptions()));
        Assert.Empty(Failures(new AuthOptionsValidator(Mode(GatewayMode.Embedded)), new AuthOptions()));
    }

    private const string SecretMessage = "Webhooks:Secret must be 'whsec_' + base64 of 24..64 bytes.";
    private const string TimeoutMessage = "Webhooks:Timeout and ResolveTimeout must be positive.";
    private const string ScheduleMessage = "Webhooks:RetrySchedule delays must not be negative.";
    private const string JitterMessage = "Webhooks:JitterFraction must be within 0..1.";
    private const string ConcurrencyMessage = "Webhooks:MaxConcurrentDeliveries must be within 1..256.";

    public static TheoryData<string, string> WebhookRules => new()
    {
        { "secret", SecretMessage },
        { "timeout", TimeoutMessage },
        { "resolve", TimeoutMessage },
        { "schedule", ScheduleMessage },
        { "jitter", JitterMessage },
        { "concurrency", ConcurrencyMessage },
    };

    [Theory]
    [MemberData(nameof(WebhookRules))]
    public void Each_webhook_rule_fails_with_its_message(string rule, string message)
    {
        var options = new WebhookOptions();
        switch (rule)
        {
            case "secret": options.Secret = "whsec_short"; break;
            case "timeout": options.Timeout = TimeSpan.Zero; break;
            case "resolve": options.ResolveTimeout = TimeSpan.FromSeconds(-1); break;
            case "schedule": options.RetrySchedule = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(-1)]; break;
            case "jitter": options.JitterFraction = 1.5; break;
            case "concurrency": options.MaxConcurrentDeliveries = 0; break;
        }

        Assert.Equal([message], Failures(new WebhookOptionsValidator(), options));
    }

    [Fact]
    public void Every_broken_webhook_rule_is_reported_at_once()
    {
        var options = new WebhookOptions
        {
            Secret = "not-a-secret", Timeout = TimeSpan.Zero, RetrySchedule = [TimeSpan.FromSeconds(-5)], JitterFraction = -0.1,
            MaxConcurrentDeliveries = 257,
        };

        Assert.Equal([SecretMessage, TimeoutMessage, ScheduleMessage, JitterMessage, ConcurrencyMessage],
            Failures(new WebhookOptionsValidator(), options));
    }

    [Theory]
    [InlineData(nameof(OutboxOptions.PollInterval))]
    [InlineData(nameof(OutboxOptions.BusLease))]
    [InlineData(nameof(OutboxOptions.WebhookLeaseMargin))]
    [InlineData(nameof(OutboxOptions.MetricsInterval))]
    public void Each_outbox_interval_must_be_positive(string property)
    {
        var options = new OutboxOptions();
        typeof(OutboxOptions).GetProperty(property)!.SetValue(options, TimeSpan.Zero);

        Assert.Equal(["Outbox:PollInterval, BusLease, WebhookLeaseMargin and MetricsInterval must be positive."],
            Failures(new OutboxOptionsValidator(), options));
    }

    [Theory]
    [InlineData(nameof(IdempotencyOptions.Retention))]
    [InlineData(nameof(IdempotencyOptions.InFlightTimeout))]
    [InlineData(nameof(IdempotencyOptions.SweepInterval))]
    public void Each_idempotency_window_must_be_positive(string property)
    {
        var options = new IdempotencyOptions();
        typeof(IdempotencyOptions).GetProperty(property)!.SetValue(options, TimeSpan.FromMinutes(-1));

        Assert.Equal(["Idempotency:Retention, InFlightTimeout and SweepInterval must be positive."],
            Failures(new IdempotencyOptionsValidator(), options));
    }

    [Theory]
    [InlineData(nameof(ImageUrlOptions.Timeout))]
    [InlineData(nameof(ImageUrlOptions.ResolveTimeout))]
    public void Each_image_url_timeout_must_be_positive(string property)
    {
        var options = new ImageUrlOptions();
        typeof(ImageUrlOptions).GetProperty(property)!.SetValue(options, TimeSpan.Zero);

        Assert.Equal(["ImageUrls:Timeout and ResolveTimeout must be positive."], Failures(new ImageUrlOptionsValidator(), options));
    }

    [Theory]
    [InlineData(0, 3600)]
    [InlineData(30, 0)]
    [InlineData(30, 7 * 86400 + 1)]
    public void Send_timeout_and_result_url_expiry_are_checked(int sendSeconds, int expirySeconds)
    {
        var options = new GatewayOptions { SendTimeout = TimeSpan.FromSeconds(sendSeconds), ResultUrlExpiry = TimeSpan.FromSeconds(expirySeconds) };

        Assert.Equal(["Gateway:SendTimeout must be positive and Gateway:ResultUrlExpiry within (0, 7 days] (the S3 presign limit)."],
            Failures(new GatewayOptionsValidator(), options));
    }

    [Fact]
    public void A_result_url_expiry_of_exactly_seven_days_passes() =>
        Assert.Empty(Failures(new GatewayOptionsValidator(), new GatewayOptions { ResultUrlExpiry = TimeSpan.FromDays(7) }));

    [Fact]
    public void An_image_limit_above_the_request_limit_fails()
    {
        var options = new UploadOptions { MaxImageBytes = 2 * 1024 * 1024, MaxRequestBytes = 1024 * 1024 };

        Assert.Equal(["Uploads:MaxImageBytes must not exceed Uploads:MaxRequestBytes."], Failures(new UploadOptionsValidator(), options));
        Assert.Empty(Failures(new UploadOptionsValidator(), new UploadOptions { MaxImageBytes = 1024 * 1024, MaxRequestBytes = 1024 * 1024 }));
    }

    [Theory]
    [InlineData(nameof(JobStreamOptions.HeartbeatInterval))]
    [InlineData(nameof(JobStreamOptions.MaxDuration))]
    public void Each_stream_interval_must_be_positive(string property)
    {
        var options = new JobStreamOptions();
        typeof(JobStreamOptions).GetProperty(property)!.SetValue(options, TimeSpan.Zero);

        Assert.Equal(["Streams:HeartbeatInterval and Streams:MaxDuration must be positive."], Failures(new JobStreamOptionsValidator(), options));
    }

    [Fact]
    public void A_negative_tier_backlog_limit_fails()
    {
        var options = new BackpressureOptions { Tiers = { ["small"] = 10, ["large"] = -1 } };

        Assert.Equal(["Backpressure:Tiers values must not be negative."], Failures(new BackpressureOptionsValidator(), options));
    }

    [Theory]
    [InlineData("submit-permits")]
    [InlineData("submit-window")]
    [InlineData("read-permits")]
    [InlineData("read-window")]
    public void Each_default_rate_limit_rule_is_checked(string broken)
    {
        var options = new RateLimitOptions();
        switch (broken)
        {
            case "submit-permits": options.Submit.PermitLimit = 0; break;
            case "submit-window": options.Submit.Window = TimeSpan.FromMilliseconds(500); break;
            case "read-permits": options.Read.PermitLimit = 1_000_001; break;
            case "read-window": options.Read.Window = TimeSpan.FromDays(2); break;
        }

        Assert.Equal(["RateLimits:Submit and RateLimits:Read: PermitLimit within 1..1000000 and Window within 1 s..1 day."],
            Failures(new RateLimitOptionsValidator(), options));
    }

    private static GatewayModeInfo Mode(GatewayMode mode) => new(mode, "InMemory", "FileSystem");

    private static ApiKeyEntry Key(string id, string tenant = "acme", char hash = 'a') =>
        new() { Id = id, Tenant = tenant, Hash = "sha256:" + new string(hash, 64) };

    [Fact]
    public void Distributed_mode_requires_keys_unless_told_otherwise()
    {
        Assert.Equal(["Auth: Distributed mode requires API keys (Auth:Keys, minted with `cartoon keys new --tenant <id>`); set Auth:RequireKeys=false to run it open on purpose."],
            Failures(new AuthOptionsValidator(Mode(GatewayMode.Distributed)), new AuthOptions()));
        Assert.Empty(Failures(new AuthOptionsValidator(Mode(GatewayMode.Distributed)), new AuthOptions { RequireKeys = false }));
        Assert.Equal(["Auth:RequireKeys is true but no key is configured in Auth:Keys (mint one with `cartoon keys new --tenant <id>`)."],
            Failures(new AuthOptionsValidator(Mode(GatewayMode.Embedded)), new AuthOptions { RequireKeys = true }));
    }

    [Fact]
    public void Each_key_and_tenant_problem_names_its_key()
    {
        var validator = new AuthOptionsValidator(Mode(GatewayMode.Embedded));

        Assert.StartsWith("Auth:Keys:0 ('bad id'): ", Assert.Single(Failures(validator, new AuthOptions { Keys = [Key("bad id")] })), StringComparison.Ordinal);
        Assert.Equal(["Auth:Keys:0:SubmitLimit: PermitLimit must be within 1..1000000."],
            Failures(validator, new AuthOptions { Keys = [new ApiKeyEntry { Id = "k1", Tenant = "acme", Hash = "sha256:" + new string('a', 64), SubmitLimit = new() { PermitLimit = 0 } }] }));
        Assert.Equal(["Auth:Keys: the id 'k1' is used by more than one key."],
            Failures(validator, new AuthOptions { Keys = [Key("k1", hash: 'a'), Key("k1", hash: 'b')] }));
        Assert.Equal(["Auth:Keys: keys 'k1', 'k2' have the same hash."],
            Failures(validator, new AuthOptions { Keys = [Key("k1"), Key("k2")] }));
        Assert.Equal(["Auth:Tenants: 'acme corp' is not a valid tenant id (1-64 of A-Z a-z 0-9 _ -)."],
            Failures(validator, new AuthOptions { Tenants = { ["acme corp"] = new TenantOptions() } }));
        Assert.Equal(["Auth:Tenants:acme:WebhookSecret: must start with 'whsec_'."],
            Failures(validator, new AuthOptions { Tenants = { ["acme"] = new TenantOptions { WebhookSecret = "nope" } } }));
    }

    [Fact]
    public void Every_auth_problem_is_reported_at_once()
    {
        var options = new AuthOptions
        {
            RequireKeys = true,
            Tenants = { ["acme corp"] = new TenantOptions(), ["acme"] = new TenantOptions { WebhookSecret = "nope" } },
        };

        var failures = Failures(new AuthOptionsValidator(Mode(GatewayMode.Embedded)), options);

        Assert.Equal(3, failures.Length);
        Assert.StartsWith("Auth:RequireKeys is true", failures[0], StringComparison.Ordinal);
        Assert.Contains(failures, f => f.StartsWith("Auth:Tenants: 'acme corp'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Tenants:acme:WebhookSecret", StringComparison.Ordinal));
    }
}
