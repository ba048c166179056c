using Habatan.Infrastructure.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Habatan.Infrastructure.Tests.Migrations;

[Collection(ServersCollection.Name)]
public sealed class MigrationRunnerTests(ServersFixture servers)
{
    private static readonly Migration First = new(
        "test",
        1,
        "first",
        "CREATE TABLE first_table (id int); INSERT INTO first_table VALUES (1);"
    );
    private static readonly Migration Second = new("test", 2, "second", "CREATE TABLE second_table (id int);");

    [Fact]
    public async Task EachMigrationIsAppliedOnceEvenWhenInstancesStartTogether()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("migrate"));
        var runners = Enumerable
            .Range(0, 4)
            .Select(_ => new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance))
            .ToList();

        await Task.WhenAll(runners.Select(r => r.ApplyAsync([First, Second])));
        await runners[0].ApplyAsync([First, Second]);

        Assert.Equal(1L, await ScalarAsync(dataSource, "SELECT count(*) FROM first_table"));
        Assert.Equal(2L, await ScalarAsync(dataSource, "SELECT count(*) FROM schema_migration WHERE scope = 'test'"));
    }

    [Fact]
    public async Task AMigrationChangedAfterItWasAppliedIsRefused()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("migrate"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync([First]);

        var edited = First with { Sql = First.Sql + " INSERT INTO first_table VALUES (2);" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.ApplyAsync([edited, Second]));

        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
        Assert.Equal(
            0L,
            await ScalarAsync(dataSource, "SELECT count(*) FROM pg_tables WHERE tablename = 'second_table'")
        );
    }

    [Fact]
    public async Task AFailingMigrationLeavesTheDatabaseAsItWas()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("migrate"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        var broken = new Migration(
            "test",
            3,
            "broken",
            "CREATE TABLE third_table (id int); SELECT * FROM no_such_table;"
        );

        await Assert.ThrowsAsync<PostgresException>(() => runner.ApplyAsync([First, Second, broken]));

        Assert.Equal(
            0L,
            await ScalarAsync(
                dataSource,
                "SELECT count(*) FROM pg_tables WHERE tablename IN ('first_table', 'third_table')"
            )
        );
    }

    [Fact]
    public async Task AMigrationMarkedNoTransactionCanCreateAnIndexConcurrently()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("migrate"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        var index = new Migration(
            "test",
            5,
            "index",
            $"""
            {Migration.NoTransactionMarker}
            CREATE INDEX CONCURRENTLY IF NOT EXISTS first_table_id ON first_table (id)
            """
        );
        var unmarked = new Migration(
            "test",
            6,
            "unmarked",
            "CREATE INDEX CONCURRENTLY first_table_id_2 ON first_table (id)"
        );

        await runner.ApplyAsync([First, index, Second]);
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            runner.ApplyAsync([First, index, Second, unmarked])
        );

        Assert.Equal(PostgresErrorCodes.ActiveSqlTransaction, refused.SqlState);
        const string Indexes = "SELECT count(*) FROM pg_indexes WHERE indexname = 'first_table_id'";
        Assert.Equal(1L, await ScalarAsync(dataSource, Indexes));
        Assert.Equal(3L, await ScalarAsync(dataSource, "SELECT count(*) FROM schema_migration WHERE scope = 'test'"));
    }

    [Fact]
    public async Task ASchemaOlderThanTheBuildIsReportedWithWhatItLacks()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.Postgres.CreateDatabaseAsync("migrate"));
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);

        Assert.Equal([First, Second], await runner.FindMissingAsync([First, Second]));
        await runner.ApplyAsync([First]);
        Assert.Equal([Second], await runner.FindMissingAsync([First, Second]));
        await runner.ApplyAsync([First, Second]);
        Assert.Empty(await runner.FindMissingAsync([First, Second]));
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
