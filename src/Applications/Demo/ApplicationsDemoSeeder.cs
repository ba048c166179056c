using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Lifecycle;
using Habatan.Applications.Submissions;
using Habatan.Infrastructure.Demo;
using Microsoft.Extensions.Options;

namespace Habatan.Applications.Demo;

// With Demo:Enabled (./run.sh only), seeds the demo tranches and the demo applicants'
// applications once, after migrations and before the service takes traffic. Everything goes
// through the code ops and applicants go through (campaign checks, the submission validator,
// the duplicate indexes, the review transitions and their outbox messages) in one transaction:
// a later start finds the open tranche and changes nothing.
public sealed partial class ApplicationsDemoSeeder(
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<ApplicationsDemoSeeder> logger
) : IHostedService
{
    // Who the audit trail and the review history name for what the seeder did.
    public const string ActorName = "demo-data";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!DemoSettings.IsEnabled(configuration))
            return;
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var campaigns = provider.GetRequiredService<CampaignStore>();
        var session = provider.GetRequiredService<DbSession>();
        var now = time.GetUtcNow();

        if (await campaigns.FindAsync(DemoCampaigns.Open, cancellationToken, "FOR UPDATE") is { } existing)
        {
            await KeepOpenAsync(campaigns, existing, now, cancellationToken);
            await session.CommitAsync(cancellationToken);
            return;
        }

        foreach (var request in DemoCampaigns.At(now))
        {
            if (!CampaignRequestValidation.TryValidate(request, out var campaign, out var errors))
                throw new InvalidOperationException(
                    $"Demo campaign {request.Code} is invalid: {string.Join("; ", errors.Keys)}"
                );
            await campaigns.CreateAsync(campaign, ActorName, cancellationToken);
        }
        var open =
            await campaigns.FindAsync(DemoCampaigns.Open, cancellationToken)
            ?? throw new InvalidOperationException("The demo campaign was not stored.");

        var applicants = DemoSettings.Applicants(configuration);
        var seeded = 0;
        foreach (var application in DemoApplications.All)
        {
            // Without the applicant's member id from the AppHost nobody could sign in as the owner.
            if (!applicants.TryGetValue(application.Email, out var owner))
                continue;
            await SeedAsync(provider, open, owner, application, now, cancellationToken);
            seeded++;
        }
        await session.CommitAsync(cancellationToken);
        LogSeeded(logger, DemoCampaigns.Closed, DemoCampaigns.Open, seeded, DemoApplications.All.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task SeedAsync(
        IServiceProvider provider,
        Campaign open,
        string owner,
        DemoApplication application,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var number = await SubmitAsync(
            provider,
            open,
            owner,
            application,
            "demo-application-1",
            now,
            cancellationToken
        );
        if (application.AppliesTwice)
            await SubmitAsync(provider, open, owner, application, "demo-application-2", now, cancellationToken);

        var records = provider.GetRequiredService<ApplicationRecords>();
        var transitions = provider.GetRequiredService<ApplicationTransitions>();
        foreach (var to in application.Path)
        {
            var record =
                await records.FindForUpdateAsync(number, owner: null, cancellationToken)
                ?? throw new InvalidOperationException($"Demo application {number} vanished.");
            var items = to == ApplicationStatus.NeedsCorrection ? application.CorrectionItems : [];
            await transitions.ApplyAsync(
                record,
                to,
                Lifecycle.Actor.Reviewer,
                ActorName,
                Reasons[to],
                items,
                cancellationToken
            );
        }
    }

    // As POST /api/applications/submissions stores it: validated, then stored under the
    // duplicate indexes (a second one from the same member becomes Invalid). Returns the stored number.
    private static async Task<string> SubmitAsync(
        IServiceProvider provider,
        Campaign open,
        string owner,
        DemoApplication application,
        string idempotencyKey,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var json = application.Form.ToJsonString();
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        var submission = SubmissionValidator.Validate(
            document.RootElement,
            open,
            new Dictionary<string, byte[]?> { ["idFront"] = SampleIdImage.Value },
            provider.GetRequiredService<IOptions<DocumentOptions>>().Value.MaxBytes,
            Jst.DateOf(now),
            errors
        );
        if (submission is null)
            throw new InvalidOperationException(
                $"A demo application is invalid: {string.Join("; ", errors.ToDictionary().Keys)}"
            );

        var answer =
            await provider
                .GetRequiredService<SubmissionStore>()
                .StoreAsync(
                    open,
                    owner,
                    idempotencyKey,
                    SHA256.HashData(Encoding.UTF8.GetBytes(json)),
                    submission,
                    now,
                    cancellationToken
                )
            ?? throw new InvalidOperationException("A demo application was stored twice.");
        return ApplicationNumber.TryParse(answer.Result.ApplicationNumber, out var stored)
            ? stored
            : throw new InvalidOperationException(answer.Result.ApplicationNumber);
    }

    // A restart months later still finds the open tranche open: the deadline moves as ops
    // would move it, audited.
    private static async Task KeepOpenAsync(
        CampaignStore campaigns,
        Campaign open,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        if (open.StateAt(now) != IntakeState.Closed)
            return;
        var closesAt = DemoCampaigns.At(now).Single(c => c.Code == DemoCampaigns.Open).ClosesAt;
        if (!Jst.TryParse(closesAt, out var extended))
            return;
        await campaigns.SetClosesAtAsync(open.Id, extended, cancellationToken);
        await campaigns.AuditAsync(
            open.Id,
            ActorName,
            "deadline-extended",
            "デモデータの受付期間を延長",
            $"{Jst.Display(open.ClosesAt)} → {Jst.Display(extended)}",
            cancellationToken
        );
    }

    private static readonly Dictionary<ApplicationStatus, string> Reasons = new()
    {
        [ApplicationStatus.Accepted] = "申請内容を受け付けました（デモデータ）。",
        [ApplicationStatus.NeedsCorrection] = "本人確認書類の確認ができません（デモデータ）。",
        [ApplicationStatus.Approved] = "審査の結果、承認しました（デモデータ）。",
    };

    private static readonly Lazy<byte[]> SampleIdImage = new(() =>
    {
        using var stream =
            typeof(ApplicationsDemoSeeder).Assembly.GetManifestResourceStream("Habatan.Applications.Demo.sample-id.png")
            ?? throw new InvalidOperationException("The demo ID image is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    // Codes and counts only: the applicants' names and addresses never reach the logs.
    [LoggerMessage(
        LogLevel.Information,
        "Demo data: campaigns {Closed} and {Open} created, {Seeded} of {Total} demo applications stored"
    )]
    private static partial void LogSeeded(ILogger logger, string closed, string open, int seeded, int total);
}
