using Microsoft.EntityFrameworkCore;

namespace Cartoon.Database;

/// <summary>The model on PostgreSQL (distributed mode): migrations under Migrations/Postgres.</summary>
public sealed class PostgresCartoonDbContext(DbContextOptions<PostgresCartoonDbContext> options) : CartoonDbContext(options)
{
    public override string Provider => DatabaseProviders.Postgres;
}
