namespace Habatan.FunctionalTests.Fleet;

// The same system as AppHostFixture with two processes of every service and of the gateway, as
// a fleet runs it behind a load balancer: the AppHost's proxy spreads calls over both, so every
// drill meets state that two instances must agree on (sessions, limits, claims, the saga).
public sealed class TwoReplicasFixture : AppHostFixture
{
    public const int Replicas = 2;

    // The supervisor waits this long before it starts a crashed process again: longer than the
    // gateway takes to find a service without replicas, so the recovery drills can see that.
    public static readonly TimeSpan RestartBackoff = TimeSpan.FromSeconds(20);

    protected override IEnumerable<string> ReplicaArguments =>
        [
            .. AppHostProjects.Names.Select(name => $"--Replicas:{name}={Replicas}"),
            $"--Supervision:FirstBackoff={RestartBackoff}",
        ];
}

[CollectionDefinition(Name)]
public sealed class TwoReplicasCollection : ICollectionFixture<TwoReplicasFixture>
{
    public const string Name = "two-replicas";
}
