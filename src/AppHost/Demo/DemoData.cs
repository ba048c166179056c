using Microsoft.Extensions.Configuration;

namespace Habatan.AppHost.Demo;

// ./run.sh sets Demo:Enabled so a newcomer can click through at once; tests never do. The ops
// accounts sign in like anyone else: the code arrives in the mail sink's web UI.
internal static class DemoData
{
    public const string EnabledKey = "Demo:Enabled";

    // One account per role; the approver is an operator too, as the second of four eyes.
    public const string OpsAccounts =
        "operator@demo.habatan.example=operator;approver@demo.habatan.example=operator,approver;" +
        "reviewer@demo.habatan.example=reviewer;auditor@demo.habatan.example=auditor;admin@demo.habatan.example=admin";

    public static IResourceBuilder<ProjectResource> WithDemoOpsAccounts(this IResourceBuilder<ProjectResource> members, IConfiguration configuration)
    {
        // Grants given explicitly (Services:members:Members:RoleGrants) win over the demo's.
        if (!configuration.GetValue(EnabledKey, false) || configuration["Services:members:Members:RoleGrants"] is not null) return members;
        return members.WithEnvironment("Members__RoleGrants", OpsAccounts);
    }
}
