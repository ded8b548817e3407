using Cartoon.Database;
using Npgsql;

namespace Cartoon.Gateway.Tests.Database;

public sealed class PostgresConnectionStringsTests
{
    [Fact]
    public void An_operators_string_gains_automatic_preparation_and_keeps_everything_it_said()
    {
        var result = new NpgsqlConnectionStringBuilder(PostgresConnectionStrings.WithDefaults(
            "Host=db.internal;Port=6432;Database=cartoon;Username=app;Password=s3cret;Maximum Pool Size=40"));

        Assert.Equal((PostgresConnectionStrings.MaxAutoPrepare, PostgresConnectionStrings.AutoPrepareMinUsages), (result.MaxAutoPrepare, result.AutoPrepareMinUsages));
        Assert.Equal(("db.internal", 6432, "cartoon", "app", "s3cret", 40),
            (result.Host, result.Port, result.Database, result.Username, result.Password, result.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;Auto Prepare Min Usages=5", 0, 5)]
    [InlineData("Host=db;MaxAutoPrepare=10", 10, PostgresConnectionStrings.AutoPrepareMinUsages)]
    public void What_the_operator_set_wins(string given, int maxAutoPrepare, int minUsages)
    {
        var result = new NpgsqlConnectionStringBuilder(PostgresConnectionStrings.WithDefaults(given));

        Assert.Equal((maxAutoPrepare, minUsages), (result.MaxAutoPrepare, result.AutoPrepareMinUsages));
    }

    [Fact]
    public void The_registration_hands_the_tuned_string_to_postgres_and_leaves_sqlite_alone()
    {
        var postgres = DatabaseRegistration.ConnectionStringOf(new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=db;Database=cartoon" }, "/tmp");
        var sqlite = DatabaseRegistration.ConnectionStringOf(new DatabaseOptions { Provider = "Sqlite", ConnectionString = "Data Source=/data/cartoon.db" }, "/tmp");

        Assert.Equal(PostgresConnectionStrings.MaxAutoPrepare, new NpgsqlConnectionStringBuilder(postgres).MaxAutoPrepare);
        Assert.Equal("Data Source=/data/cartoon.db", sqlite);
    }
}
