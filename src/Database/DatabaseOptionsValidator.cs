using Cartoon.OptionsValidation;

namespace Cartoon.Database;

/// <summary>Checked at start (ValidateOnStart): the rule across Provider and ConnectionString, beside the attributes of <see cref="DatabaseOptions"/>.</summary>
public sealed class DatabaseOptionsValidator : OptionsValidator<DatabaseOptions>
{
    protected override IEnumerable<string> Failures(DatabaseOptions options)
    {
        // SQLite has a default file under the content root; PostgreSQL has no default server.
        if (DatabaseRegistration.ProviderOf(options) == DatabaseProviders.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
            yield return "Database:ConnectionString is required when Database:Provider is Postgres.";
    }
}
