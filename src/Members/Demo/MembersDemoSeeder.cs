using Habatan.Infrastructure.Demo;
using Habatan.Members.Imports;
using Habatan.Members.SignIn;

namespace Habatan.Members.Demo;

// With Demo:Enabled (./run.sh only), seeds the demo's members once, after migrations and
// before the service takes traffic:
// - the demo applicants, under the member ids the AppHost gave Applications for them too, so
//   their applications are theirs when they sign in and an approval finds them;
// - 40 members of the closed first tranche and their entitlements, through the importer from
//   embedded CSV files, so demo data passes the same strict checks as a real file.
// A file already imported is not offered again (that would leave a "duplicate" history row),
// so a later start changes nothing.
public sealed partial class MembersDemoSeeder(
    IServiceProvider services,
    IConfiguration configuration,
    ILogger<MembersDemoSeeder> logger
) : IHostedService
{
    public const string ImportedBy = "demo-data";
    public const string RosterFile = "demo-roster.csv";
    public const string EntitlementsFile = "demo-entitlements.csv";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!DemoSettings.IsEnabled(configuration))
            return;
        await AddApplicantsAsync(cancellationToken);
        await ImportOnceAsync(ImportKind.Roster, RosterFile, cancellationToken);
        await ImportOnceAsync(ImportKind.Entitlements, EntitlementsFile, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AddApplicantsAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var mismatched = 0;
        foreach (var (address, publicId) in DemoSettings.Applicants(configuration))
        {
            if (!EmailAddress.TryParse(address, out var email))
                throw new InvalidOperationException("A demo applicant's address is not an address.");
            var stored = await session.QuerySingleAsync(
                """
                WITH added AS (
                    INSERT INTO member (public_id, email, email_normalized) VALUES ($1, $2, $3)
                    ON CONFLICT (email_normalized) DO NOTHING RETURNING public_id)
                SELECT public_id FROM added UNION ALL SELECT public_id FROM member WHERE email_normalized = $3
                """,
                reader => reader.GetString(0),
                cancellationToken,
                publicId,
                email.Value,
                email.Normalized
            );
            // Signed in before under another id (a data folder older than the AppHost's ids):
            // the member is kept as is, and their demo applications belong to no one.
            if (stored != publicId)
                mismatched++;
        }
        await session.CommitAsync(cancellationToken);
        if (mismatched > 0)
            LogApplicantsMismatched(logger, mismatched);
    }

    private async Task ImportOnceAsync(ImportKind kind, string fileName, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await using var content =
            typeof(MembersDemoSeeder).Assembly.GetManifestResourceStream($"Habatan.Members.Demo.{fileName}")
            ?? throw new InvalidOperationException($"{fileName} is not embedded.");
        await using var upload = await ImportUpload.FromStreamAsync(content, fileName, cancellationToken);

        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var imported = await session.QuerySingleAsync(
            "SELECT id::text FROM member_import WHERE kind = $1 AND file_sha256 = $2 AND status = 'imported'",
            reader => reader.GetString(0),
            cancellationToken,
            kind.Name(),
            upload.Sha256
        );
        await session.CommitAsync(cancellationToken);
        if (imported is not null)
            return;

        var result = await scope
            .ServiceProvider.GetRequiredService<MemberImporter>()
            .ImportAsync(kind, upload, ImportedBy, cancellationToken);
        // The files are part of the code: one that the importer refuses is a bug to see at once.
        if (result.Status != "imported")
            throw new InvalidOperationException(
                $"The demo file {fileName} was {result.Status}: "
                    + string.Join("; ", result.Errors.Select(e => $"row {e.Row}, {e.Column}: {e.Reason}"))
            );
        LogImported(logger, fileName, result.InsertedCount, result.UpdatedCount);
    }

    [LoggerMessage(LogLevel.Information, "Demo data: {FileName} imported, {Inserted} rows added, {Updated} updated")]
    private static partial void LogImported(ILogger logger, string fileName, int inserted, int updated);

    [LoggerMessage(
        LogLevel.Warning,
        "Demo data: {Count} demo applicants already exist under another member id;"
            + " their demo applications will not be theirs"
    )]
    private static partial void LogApplicantsMismatched(ILogger logger, int count);
}
