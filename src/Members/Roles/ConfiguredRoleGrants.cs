namespace Habatan.Members.Roles;

// "Members:RoleGrants" = "ops@example.jp=operator,approver;admin@example.jp=admin", applied at start.
public static class ConfiguredRoleGrants
{
    public const string ConfigurationKey = "Members:RoleGrants";

    public static async Task ApplyConfiguredRoleGrantsAsync(
        this IServiceProvider services,
        CancellationToken cancellationToken = default
    )
    {
        var configured = services.GetRequiredService<IConfiguration>()[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(configured))
            return;

        await using var scope = services.CreateAsyncScope();
        var grants = scope.ServiceProvider.GetRequiredService<RoleGrants>();
        foreach (
            var entry in configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        )
        {
            var parts = entry.Split('=', 2);
            var (email, roles) = (parts[0], parts.ElementAtOrDefault(1) ?? "");
            foreach (
                var role in roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            )
                await grants.GrantAsync(email, role, "configuration", cancellationToken);
        }
        await scope.ServiceProvider.GetRequiredService<DbSession>().CommitAsync(cancellationToken);
    }
}
