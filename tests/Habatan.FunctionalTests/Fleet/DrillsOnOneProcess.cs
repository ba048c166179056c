using Habatan.FunctionalTests.Applications;
using Habatan.FunctionalTests.Members;
using Habatan.FunctionalTests.Notifications;

namespace Habatan.FunctionalTests.Fleet;

// The end-to-end drills on one process of each service and of the gateway.

[Collection(AppHostCollection.Name)]
public sealed class FoundationOnOneProcess(AppHostFixture fixture) : FoundationTests(fixture);

[Collection(AppHostCollection.Name)]
public sealed class SignInOnOneProcess(AppHostFixture fixture) : SignInTests(fixture);

[Collection(AppHostCollection.Name)]
public sealed class IncidentReplayOnOneProcess(AppHostFixture fixture) : IncidentReplayTests(fixture);

[Collection(AppHostCollection.Name)]
public sealed class MemberOpsOnOneProcess(AppHostFixture fixture) : MemberOpsTests(fixture);

[Collection(AppHostCollection.Name)]
public sealed class ReminderEndToEndOnOneProcess(AppHostFixture fixture) : ReminderEndToEndTests(fixture);
