using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Cartoon.Database;

// Used by `dotnet ef migrations add <Name> --context <Context>` only (see docs/operate.md, "Database"): the
// connection strings are never opened when generating migrations.

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCartoonDbContext>
{
    public PostgresCartoonDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<PostgresCartoonDbContext>)DatabaseRegistration.Configure(new DbContextOptionsBuilder<PostgresCartoonDbContext>(),
            DatabaseProviders.Postgres, "Host=localhost;Database=cartoon", 30).Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCartoonDbContext>
{
    public SqliteCartoonDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqliteCartoonDbContext>)DatabaseRegistration.Configure(new DbContextOptionsBuilder<SqliteCartoonDbContext>(),
            DatabaseProviders.Sqlite, "Data Source=design.db", 30).Options);
}
