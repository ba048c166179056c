namespace Habatan.Benchmark.Running;

// Ops accounts the AppHost grants roles to at start (Members:RoleGrants); the fan-out needs a
// requester and a second person who approves. Members of a burst use generated addresses.
internal static class BenchAccounts
{
    public const string Operator = "operator@ops.bench.habatan.example";
    public const string Approver = "approver@ops.bench.habatan.example";

    public static string RoleGrants => $"{Operator}=operator;{Approver}=approver";
}
