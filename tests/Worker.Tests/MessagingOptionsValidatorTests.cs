using Cartoon.Messaging;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

/// <summary>
/// The validators of the Messaging options (Messaging, Video, Tiers): each rule fails with its message, the defaults
/// pass, and several broken rules are all reported.
/// </summary>
public sealed class MessagingOptionsValidatorTests
{
    private static string[] Failures<T>(IValidateOptions<T> validator, T options) where T : class
    {
        var result = validator.Validate(Options.DefaultName, options);
        return result.Succeeded ? [] : [.. result.Failures!];
    }

    [Fact]
    public void The_defaults_pass()
    {
        Assert.Empty(Failures(new MessagingOptionsValidator(), new MessagingOptions()));
        Assert.Empty(Failures(new MessagingOptionsValidator(), new MessagingOptions { Transport = MessagingTransport.RabbitMq }));
        Assert.Empty(Failures(new VideoOptionsValidator(), new VideoOptions()));
        Assert.Empty(Failures(new TierOptionsValidator(), new TierOptions()));
    }

    [Fact]
    public void An_undefined_transport_fails() =>
        Assert.Equal(["Messaging:Transport must be InMemory or RabbitMq (was 7)."],
            Failures(new MessagingOptionsValidator(), new MessagingOptions { Transport = (MessagingTransport)7 }));

    [Fact]
    public void The_broker_settings_are_checked_on_rabbitmq_only_and_every_bad_one_is_named()
    {
        var rabbit = new RabbitMqOptions { Host = "", Port = 0 };

        Assert.Empty(Failures(new MessagingOptionsValidator(), new MessagingOptions { RabbitMq = rabbit }));
        var failures = Failures(new MessagingOptionsValidator(), new MessagingOptions { Transport = MessagingTransport.RabbitMq, RabbitMq = rabbit });
        Assert.Equal(2, failures.Length);
        Assert.All(failures, f => Assert.StartsWith("Messaging:RabbitMq: ", f, StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Host", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Port", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("06:00:01")]
    public void A_video_consume_timeout_outside_6_hours_fails(string timeout) =>
        Assert.Equal(["Video:ConsumeTimeout must lie in (0, 6 h]."],
            Failures(new VideoOptionsValidator(), new VideoOptions { ConsumeTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }));

    [Fact]
    public void A_missing_temp_directory_fails_and_both_video_rules_are_reported_at_once()
    {
        const string dir = "/no/such/folder/for/cartoon";

        Assert.Equal([$"Video:TempDirectory '{dir}' does not exist."], Failures(new VideoOptionsValidator(), new VideoOptions { TempDirectory = dir }));
        Assert.Equal(["Video:ConsumeTimeout must lie in (0, 6 h].", $"Video:TempDirectory '{dir}' does not exist."],
            Failures(new VideoOptionsValidator(), new VideoOptions { TempDirectory = dir, ConsumeTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public void Bad_tiers_fail_with_the_tiers_message()
    {
        var options = new TierOptions { Sizes = [new() { Name = "s", MaxWidth = 512, MaxHeight = 512 }, new() { Name = "s", MaxWidth = 960, MaxHeight = 960 }] };

        Assert.Equal(["Tiers:Sizes must hold at least one tier, each valid (Name ^[a-z0-9]{1,16}$, sides 16..16384), with unique names, none named as Tiers:HighDetailTier."],
            Failures(new TierOptionsValidator(), options));
    }

    [Fact]
    public void A_gateway_and_a_worker_both_register_video_options_and_a_bad_one_is_reported_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Video:ConsumeTimeout"] = "00:00:00" }).Build();
        var services = new ServiceCollection();
        services.AddCartoonVideoOptions(configuration);
        services.AddCartoonVideoOptions(configuration);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VideoOptions>>().Value);

        Assert.Equal(["Video:ConsumeTimeout must lie in (0, 6 h]."], ex.Failures);
    }
}
