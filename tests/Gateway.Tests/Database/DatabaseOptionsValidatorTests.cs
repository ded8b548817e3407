using Cartoon.Database;
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
}
