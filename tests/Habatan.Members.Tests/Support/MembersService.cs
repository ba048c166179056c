using System.Security.Cryptography;
using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Migrations;
using Habatan.Members.Extensions;
using Habatan.Members.Imports;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Habatan.Members.Tests.Support;

// The Members service wired as in production (AddMembersServices with the connection strings
// the AppHost hands out), minus the web parts, on real PostgreSQL and RabbitMQ.
public sealed class MembersService : IAsyncDisposable
{
    public const int ChunkSize = 500;
    private readonly IHost _host;
    private readonly bool _started;

    private MembersService(IHost host, CapturingLoggerProvider logs, bool started)
    {
        _host = host;
        Logs = logs;
        _started = started;
    }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _host.Services;

    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    // settings: more configuration (e.g. Demo:Enabled). seedOnly: instead of starting the host,
    // run only the demo seeder as a start runs it (after migrations), so no bus competes with
    // the collection's service for its queues.
    public static async Task<MembersService> StartAsync(
        string databaseConnectionString,
        Uri broker,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool seedOnly = false
    )
    {
        var builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { EnvironmentName = Environments.Development }
        );
        builder.Configuration[$"ConnectionStrings:{ServiceName.Value}db"] = databaseConnectionString;
        builder.Configuration["ConnectionStrings:messaging"] = broker.ToString();
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            builder.Configuration["Authentication:SigningKey"] = key.ExportPkcs8PrivateKeyPem();
            builder.Configuration["Authentication:PublicKey"] = key.ExportSubjectPublicKeyInfoPem();
        }
        // Small chunks, so a few thousand generated members span several of them.
        builder.Configuration["Members:Audiences:ChunkSize"] = ChunkSize.ToString(
            System.Globalization.CultureInfo.InvariantCulture
        );
        builder.Services.AddRouting(); // what a WebApplication would bring for the authorization services
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        // Everything, down to Trace: an address that leaks at any level leaks somewhere.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.Configuration[key] = value;
        builder.AddMembersServices();

        var host = builder.Build();
        await host.Services.MigrateDatabaseAsync(ServiceName.Value, typeof(MemberImporter).Assembly);
        if (seedOnly)
        {
            foreach (
                var seeder in host
                    .Services.GetServices<IHostedService>()
                    .OfType<Habatan.Members.Demo.MembersDemoSeeder>()
            )
                await seeder.StartAsync(CancellationToken.None);
            return new MembersService(host, logs, started: false);
        }
        await host.StartAsync();
        return new MembersService(host, logs, started: true);
    }

    // One upload, as the API runs it: its own unit of work.
    public Task<ImportResult> ImportAsync(ImportKind kind, byte[] file, string fileName = "upload") =>
        ImportAsync(kind, new MemoryStream(file), fileName);

    public async Task<ImportResult> ImportAsync(ImportKind kind, Stream file, string fileName)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await using var upload = await ImportUpload.FromStreamAsync(file, fileName, CancellationToken.None);
        return await scope
            .ServiceProvider.GetRequiredService<MemberImporter>()
            .ImportAsync(kind, upload, "test-operator", CancellationToken.None);
    }

    // Generated members imported as ops would (roster, then entitlements), each file accepted whole;
    // returns each member's public id by address.
    public async Task<Dictionary<string, string>> ImportMembersAsync(IReadOnlyList<GeneratedMember> members)
    {
        Assert.Equal("imported", (await ImportAsync(ImportKind.Roster, GeneratedMembers.RosterCsv(members))).Status);
        Assert.Equal(
            "imported",
            (await ImportAsync(ImportKind.Entitlements, GeneratedMembers.EntitlementsCsv(members))).Status
        );
        var ids = await RowsAsync(
            "SELECT email_normalized, public_id FROM member WHERE email_normalized = ANY($1)",
            (object)members.Select(m => m.Email.ToLowerInvariant()).ToArray()
        );
        return ids.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
    }

    public async Task<List<ImportCellError>> StoredErrorsAsync(Guid importId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var errors = new List<ImportCellError>();
        await foreach (
            var error in scope
                .ServiceProvider.GetRequiredService<ImportHistory>()
                .ErrorsAsync(importId, null, CancellationToken.None)
        )
            errors.Add(error);
        return errors;
    }

    public async Task<T> WithSessionAsync<T>(Func<DbSession, Task<T>> work)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<DbSession>());
    }

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = _host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new() { Value = parameter });
        return await command.ExecuteScalarAsync();
    }

    public async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var command = _host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new() { Value = parameter });
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    // Everything a file could change: every row of members, entitlements and charges, each
    // row's full text hashed and summed (order-free, so no sort over half a million rows).
    public async Task<string> DataFingerprintAsync() =>
        (string)
            (
                await ScalarAsync(
                    """
                    SELECT (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                               FROM member t) || '#' ||
                           (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                               FROM entitlement t) || '#' ||
                           (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                               FROM entitlement_charge t)
                    """
                )
            )!;

    public async ValueTask DisposeAsync()
    {
        if (_started)
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}
