using System.ComponentModel.DataAnnotations;
using Cartoon.OptionsValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Tests.OptionsValidation;

/// <summary>
/// The one options pattern (src/OptionsValidation) every host registers its options through: each overload binds from
/// where it says, the attributes and the validator are both checked, every failure at once, the attributes' first, at
/// start, and a registration that runs twice runs its validator once.
/// </summary>
public sealed class ValidatedOptionsTests
{
    private const string RangeMessage =
        "DataAnnotation validation failed for 'SampleOptions' members: 'Count' with the error: 'The field Count must be between 1 and 10.'.";
    private const string NameMessage = "Sample:Name must not be empty.";

    public sealed class SampleOptions
    {
        [Range(1, 10)]
        public int Count { get; set; } = 1;

        public string Name { get; set; } = "a";
    }

    public sealed class SampleOptionsValidator : OptionsValidator<SampleOptions>
    {
        protected override IEnumerable<string> Failures(SampleOptions options)
        {
            if (string.IsNullOrEmpty(options.Name))
                yield return NameMessage;
        }
    }

    private static IConfiguration Settings(string count, string name) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Sample:Count"] = count, ["Sample:Name"] = name })
        .Build();

    private static string[] StartFailures(IServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        // What the host runs before it starts (ValidateOnStart registers the options with it).
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        return [.. error.Failures];
    }

    [Fact]
    public void A_section_name_binds_from_the_hosts_configuration_and_reports_the_attributes_then_the_validator_at_start()
    {
        var services = new ServiceCollection().AddSingleton(Settings("11", ""));
        services.AddValidatedOptions<SampleOptions, SampleOptionsValidator>("Sample");

        Assert.Equal([RangeMessage, NameMessage], StartFailures(services));
    }

    [Fact]
    public void A_given_section_binds_without_the_hosts_configuration()
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<SampleOptions, SampleOptionsValidator>(Settings("11", "").GetSection("Sample"));

        Assert.Equal([RangeMessage, NameMessage], StartFailures(services));
    }

    [Fact]
    public void A_bind_action_fills_the_options_and_they_are_checked_the_same_way()
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<SampleOptions, SampleOptionsValidator>(o => (o.Count, o.Name) = (0, ""));

        Assert.Equal([RangeMessage, NameMessage], StartFailures(services));
    }

    [Fact]
    public void Valid_settings_are_bound_and_pass()
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<SampleOptions, SampleOptionsValidator>(Settings("7", "seven").GetSection("Sample"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<SampleOptions>>().Value;
        Assert.Equal((7, "seven"), (options.Count, options.Name));
    }

    [Fact]
    public void Registering_twice_runs_the_validator_once()
    {
        var section = Settings("5", "").GetSection("Sample");
        var services = new ServiceCollection();
        services.AddValidatedOptions<SampleOptions, SampleOptionsValidator>(section);
        services.AddValidatedOptions<SampleOptions, SampleOptionsValidator>(section);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SampleOptions>>().Value);
        Assert.Equal([NameMessage], error.Failures);
    }

    [Fact]
    public void Attributes_only_options_are_checked_at_start()
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<SampleOptions>(Settings("0", "").GetSection("Sample"));

        Assert.Equal([RangeMessage], StartFailures(services));
    }

    [Fact]
    public void A_validator_refuses_null_options() =>
        Assert.Throws<ArgumentNullException>(() => new SampleOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, null!));
}
