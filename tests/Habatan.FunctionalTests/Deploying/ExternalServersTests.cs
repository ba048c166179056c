using System.Security.Cryptography;
using Npgsql;

namespace Habatan.FunctionalTests.Deploying;

// The smoke tests a rollout to a cluster would run, against servers the AppHost did not start.
[Collection(ExternalServersCollection.Name)]
public sealed class ExternalServersTests(ExternalServersFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheAppHostStartsNoServerAndEachServiceRunsOnASchemaMigratedOnceBeforeIt()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.DoesNotContain(
            model.Resources,
            r => r.Name is "postgres" or "rabbitmq" or "epmd" or "mailsink" or "databases"
        );

        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        foreach (var service in ExternalServersFixture.Services)
        {
            var migration = await fixture.App.ResourceNotifications.WaitForResourceAsync(
                $"{service}-migrate",
                e => e.Snapshot.State?.Text == KnownResourceStates.Finished,
                timeout.Token
            );
            Assert.Equal(0, migration.Snapshot.ExitCode);
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);

            await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString(service));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM schema_migration", connection);
            Assert.True((long)(await command.ExecuteScalarAsync())! > 0);
        }

        using var gateway = fixture.CreateGatewayClient();
        Assert.Equal("Healthy", await gateway.GetStringAsync(new Uri("/health", UriKind.Relative)));
    }

    [Fact]
    public async Task APersonSignsInWithACodeSentThroughTheRelay()
    {
        var token = await fixture.SignIn.SignInAsync($"external-{Guid.NewGuid():N}@example.jp");

        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public async Task AMessageThroughOneServicesOutboxIsConsumedByEachOtherServiceOverTheGivenBroker()
    {
        using var gateway = fixture.CreateGatewayClient();
        var token = await fixture.SignIn.SignInAsync(Accounts.Operator);
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var response = await gateway.PostAsync(new Uri("/api/applications/probes", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var probeId = (await response.Content.ReadFromJsonAsync<ProbeSent>())!.ProbeId;

        foreach (var service in new[] { "members", "notifications" })
        {
            var uri = new Uri($"/api/{service}/probes/{probeId}", UriKind.Relative);
            var receipts = await Eventually.GetAsync(
                () => gateway.GetFromJsonAsync<ProbeReceipts>(uri)!,
                r => r!.Receipts.Count > 0,
                Patience
            );
            Assert.Equal("applications", Assert.Single(receipts!.Receipts).Origin);
        }
    }

    [Fact]
    public async Task EachProvisionedLoginReachesOnlyItsOwnDatabase()
    {
        foreach (var service in ExternalServersFixture.Services)
        {
            await using (var own = new NpgsqlConnection(fixture.DatabaseConnectionString(service)))
                await own.OpenAsync();

            foreach (var other in ExternalServersFixture.Services.Where(s => s != service))
            {
                var builder = new NpgsqlConnectionStringBuilder(fixture.DatabaseConnectionString(service))
                {
                    Database = $"{other}db",
                    Pooling = false,
                };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            }
        }
    }

    [Fact]
    public async Task AServiceRefusesToStartOnAnOlderSchemaUntilItsMigrationRan()
    {
        var database = await fixture.Postgres.CreateDatabaseAsync("unmigrated");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__applicationsdb"] = database,
            ["ConnectionStrings__messaging"] = fixture.RabbitMq.Address.ToString(),
            ["Authentication__PublicKey"] = PublicKeyPem(),
            ["Migrations__ApplyAtStart"] = "false",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
        };

        var service = BuildOutput.Of("Applications", "Habatan.Applications.dll");
        await using (var refused = ServerProcess.Start("dotnet", [service], environment))
        {
            Assert.NotEqual(0, await refused.WaitForExitAsync(Patience));
            Assert.Contains(
                "Refusing to start: the database of applications lacks migrations messaging/0001",
                refused.Output,
                StringComparison.Ordinal
            );
        }

        await using var migration = ServerProcess.Start("dotnet", [service, "--migrate-only"], environment);
        Assert.Equal(0, await migration.WaitForExitAsync(Patience));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM schema_migration WHERE scope = 'applications'",
            connection
        );
        Assert.True((long)(await command.ExecuteScalarAsync())! > 0);
    }

    private static string PublicKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    private sealed record ProbeSent(Guid ProbeId);

    private sealed record ProbeReceipts(Guid ProbeId, List<ProbeReceipt> Receipts);

    private sealed record ProbeReceipt(Guid MessageId, string Origin, string? TraceId);
}
