using Cartoon.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Tests.Database;

/// <summary>DatabaseOptionsValidator: PostgreSQL needs a connection string, SQLite does not.</summary>
public sealed class DatabaseOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(DatabaseOptions options) =>
        new DatabaseOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);

    [Fact]
    public void The_defaults_pass() => Assert.True(Validate(new DatabaseOptions()).Succeeded);

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Postgres_without_a_connection_string_fails(string? connection) =>
        Assert.Equal(["Database:ConnectionString is required when Database:Provider is Postgres."],
            Validate(new DatabaseOptions { Provider = DatabaseProviders.Postgres, ConnectionString = connection }).Failures);

    [Fact]
    public void Postgres_with_a_connection_string_passes() =>
        Assert.True(Validate(new DatabaseOptions { Provider = DatabaseProviders.Postgres, ConnectionString = "Host=db;Database=cartoon" }).Succeeded);

    /// <summary>
    /// The registration picks the provider from these settings, so it checks them first: a misspelt provider is refused
    /// with the reason instead of silently registering SQLite until ValidateOnStart runs.
    /// </summary>
    [Theory]
    [InlineData("Postgress", null, "Provider")]
    [InlineData("Postgres", null, "Database:ConnectionString is required")]
    public void Registration_refuses_bad_settings_before_registering_a_provider(string provider, string? connection, string reason)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connection,
        }).Build();
        var services = new ServiceCollection();

        var error = Assert.Throws<OptionsValidationException>(() => services.AddCartoonDatabase(configuration, Path.GetTempPath()));

        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(CartoonDb));
    }
}
