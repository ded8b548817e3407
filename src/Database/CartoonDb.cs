namespace Cartoon.Database;

/// <summary>
/// Hands out contexts of the configured provider (pooled): one per unit of work, never shared between threads.
/// </summary>
public sealed class CartoonDb(Func<CartoonDbContext> create, string provider)
{
    public string Provider { get; } = provider;

    public bool IsPostgres => Provider == DatabaseProviders.Postgres;

    public CartoonDbContext Create() => create();
}
