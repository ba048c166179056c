using Habatan.FunctionalTests.Applications;
using Habatan.FunctionalTests.Members;
using Habatan.FunctionalTests.Notifications;

namespace Habatan.FunctionalTests.Fleet;

// The same drills on two processes of everything (issue #14): sign-in and sign-out, limits,
// duplicate races, My Page, imports, a reminder through reconciliation, approval, fan-out, halt
// and resume, and the probes. A rule that holds only in one process fails here.

[Collection(TwoReplicasCollection.Name)]
public sealed class FoundationOnTwoReplicas(TwoReplicasFixture fixture) : FoundationTests(fixture);

[Collection(TwoReplicasCollection.Name)]
public sealed class SignInOnTwoReplicas(TwoReplicasFixture fixture) : SignInTests(fixture);

[Collection(TwoReplicasCollection.Name)]
public sealed class IncidentReplayOnTwoReplicas(TwoReplicasFixture fixture) : IncidentReplayTests(fixture);

[Collection(TwoReplicasCollection.Name)]
public sealed class MemberOpsOnTwoReplicas(TwoReplicasFixture fixture) : MemberOpsTests(fixture);

[Collection(TwoReplicasCollection.Name)]
public sealed class ReminderEndToEndOnTwoReplicas(TwoReplicasFixture fixture) : ReminderEndToEndTests(fixture);
