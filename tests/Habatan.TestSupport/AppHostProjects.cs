namespace Habatan.TestSupport;

// The AppHost's .NET projects by resource name: the gateway and the three services. What the
// test fixtures and the benchmark pass settings to (replica counts, the telemetry collector).
public static class AppHostProjects
{
    public static readonly string[] Names = ["gateway", "applications", "members", "notifications"];
}
