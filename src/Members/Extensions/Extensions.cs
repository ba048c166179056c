using System.Security.Cryptography;
using System.Text;
using Habatan.Infrastructure;
using Habatan.Infrastructure.Retention;
using Habatan.Members.Audiences;
using Habatan.Members.Audit;
using Habatan.Members.Demo;
using Habatan.Members.Entitlements;
using Habatan.Members.Imports;
using Habatan.Members.Roles;
using Habatan.Members.Sessions;
using Habatan.Members.SignIn;
using Habatan.Members.Tokens;

namespace Habatan.Members.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddMembersServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceInfrastructure(
            ServiceName.Value,
            bus =>
            {
                bus.AddConsumer<ApplicationApprovedConsumer>();
                bus.AddConsumer<EntitlementChargedConsumer>();
                bus.AddConsumer<ResolveAudienceConsumer>();
                bus.AddConsumer<AudienceEligibilityConsumer>();
                bus.AddConsumer<AudienceChunkPublisher>();
                bus.AddConsumer<AccessLeakDetectedConsumer>();
                bus.AddConsumer<ApproverNoticeRequestedConsumer>();
            }
        );

        builder.AddRetention(AccessAuditRetention.Rule, SignInCodeRetention.Rule);

        var signingKeyPem =
            builder.Configuration[TokenParameters.SigningKeyKey]
            ?? throw new InvalidOperationException(
                $"{TokenParameters.SigningKeyKey} is not configured: the AppHost passes the token signing key."
            );
        var signingKey = ECDsa.Create();
        signingKey.ImportFromPem(signingKeyPem);
        builder.Services.AddSingleton(sp => new TokenIssuer(signingKey, sp.GetRequiredService<TimeProvider>()));
        // The code hashes are keyed by a secret derived from the signing key: one secret to keep.
        builder.Services.AddSingleton(
            new SignInCodeHasher(SHA256.HashData(Encoding.UTF8.GetBytes("sign-in-codes:" + signingKeyPem)))
        );

        builder.Services.AddOptions<SignInOptions>().BindConfiguration("SignIn");
        builder.Services.AddScoped<SignInCodeRequests>();
        builder.Services.AddScoped<SignInVerifier>();
        builder.Services.AddScoped<RoleGrants>();
        builder.Services.AddScoped<SessionRevocation>();
        builder.Services.AddOptions<RevocationSyncOptions>().BindConfiguration("Members:Revocations");
        builder.Services.AddHostedService<RevocationSync>();
        SessionRecordCheck.ReplaceCheck(builder.Services);
        builder.Services.AddScoped<MemberImporter>();
        builder.Services.AddScoped<ImportHistory>();
        builder.Services.AddScoped<ImportJobs>();
        builder.Services.AddSingleton<ImportJobSignal>();
        builder.Services.AddHostedService<ImportJobWorker>();
        builder.Services.AddOptions<ImportOptions>().BindConfiguration("Members:Imports");
        builder.Services.AddScoped<AudienceResolver>();
        builder.Services.AddScoped<AccessAudit>();
        builder.Services.AddScoped<EntitlementReader>();
        builder.Services.AddOptions<AudienceOptions>().BindConfiguration("Members:Audiences");
        builder.Services.AddHostedService<MembersDemoSeeder>();
        return builder;
    }
}
