namespace Habatan.Contracts.Diagnostics;

// Ops send a probe through one service's outbox to see the whole message path work end to
// end: every other service records that it received it, once.
public sealed record PipelineProbeSent(Guid ProbeId, string Origin, DateTimeOffset SentAt);
