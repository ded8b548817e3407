using Microsoft.Extensions.Options;

namespace Cartoon.Database;

/// <summary>Checked at start (ValidateOnStart): the rule across Provider and ConnectionString, beside the attributes of <see cref="DatabaseOptions"/>.</summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // SQLite has a default file under the content root; PostgreSQL has no default server.
        return DatabaseRegistration.ProviderOf(options) == DatabaseProviders.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail("Database:ConnectionString is required when Database:Provider is Postgres.")
            : ValidateOptionsResult.Success;
    }
}
