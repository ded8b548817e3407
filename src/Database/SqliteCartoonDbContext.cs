using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cartoon.Database;

/// <summary>The model on SQLite (embedded default): migrations under Migrations/Sqlite.</summary>
public sealed class SqliteCartoonDbContext(DbContextOptions<SqliteCartoonDbContext> options) : CartoonDbContext(options)
{
    public override string Provider => DatabaseProviders.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // SQLite has no timestamp type and EF cannot compare or order DateTimeOffset stored as text; UTC ticks in an
        // INTEGER compare and sort exactly (every time the gateway stores is UTC).
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configuration.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
