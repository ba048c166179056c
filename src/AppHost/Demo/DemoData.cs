using System.Security.Cryptography;
using System.Text;
using Habatan.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Habatan.AppHost.Demo;

// ./run.sh sets Demo:Enabled so a newcomer can click through at once; tests never do. Each
// service seeds its own demo data (its Demo/ folder); the AppHost only switches it on, grants
// the ops accounts and hands out the demo applicants' member ids. Every account signs in like
// anyone else: the code arrives in the mail sink's web UI.
internal static partial class DemoData
{
    public const string EnabledKey = "Demo:Enabled";

    // One account per role; the approver is an operator too, as the second of four eyes.
    public const string OpsAccounts =
        "operator@demo.habatan.example=operator;approver@demo.habatan.example=operator,approver;"
        + "reviewer@demo.habatan.example=reviewer;auditor@demo.habatan.example=auditor;"
        + "admin@demo.habatan.example=admin";

    // The applicants whose applications Applications seeds (src/Applications/Demo/DemoApplications.cs).
    public static readonly string[] Applicants =
    [
        "hanako.hyogo@demo.habatan.example",
        "taro.kobe@demo.habatan.example",
        "jiro.himeji@demo.habatan.example",
        "sakura.akashi@demo.habatan.example",
    ];

    public static void AddDemoData(
        this IDistributedApplicationBuilder builder,
        HabatanInfrastructure infrastructure,
        IResourceBuilder<ProjectResource> applications,
        IResourceBuilder<ProjectResource> members,
        IResourceBuilder<ProjectResource> notifications
    )
    {
        if (!builder.Configuration.GetValue(EnabledKey, false))
            return;

        // Grants given explicitly (Services:members:Members:RoleGrants) win over the demo's.
        if (builder.Configuration["Services:members:Members:RoleGrants"] is null)
            members.WithEnvironment("Members__RoleGrants", OpsAccounts);

        var applicants = ApplicantIds(infrastructure.Secrets);
        foreach (var service in new[] { applications, members })
            service.WithEnvironment("Demo__Enabled", "true").WithEnvironment("Demo__Applicants", applicants);

        // Applications' seeded review steps publish ApplicationApproved and
        // ApplicationCorrectionRequested at once: the consumers' queues must be bound by then,
        // or the broker drops them, and Members must know the applicants.
        applications.WaitFor(members).WaitFor(notifications);

        // Beside the portal's address: what a newcomer needs to start the walk-through.
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>(
            (@event, _) =>
            {
                LogDemo(@event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Habatan.AppHost"));
                return Task.CompletedTask;
            }
        );
    }

    // The count is the one Members' demo files give (tests/Habatan.Members.Tests/Demo checks it).
    [LoggerMessage(
        LogLevel.Information,
        "Demo data: open campaign ippan-2026-2; "
            + "ops accounts operator@, approver@, reviewer@, auditor@, admin@demo.habatan.example "
            + "(codes in the mail sink); a reminder won-not-fully-charged for ippan-2026-1 has 12 recipients "
            + "(README, Walk-through)"
    )]
    private static partial void LogDemo(ILogger logger);

    // Member ids are random 128-bit public ids (DESIGN.md, incident 1, point 2), not in the
    // repository: derived from a key generated once into the data folder, so every start of
    // this installation hands both services the same ids.
    private static string ApplicantIds(DevelopmentSecrets secrets)
    {
        var key = Encoding.UTF8.GetBytes(secrets.Get("demo-applicants-key"));
        return string.Join(
            ';',
            Applicants.Select(email =>
                $"{email}={Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(email)))[..32]}"
            )
        );
    }
}
