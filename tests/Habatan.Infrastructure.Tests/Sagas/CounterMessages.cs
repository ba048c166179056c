namespace Habatan.Infrastructure.Tests.Sagas.Messages;

public sealed record CounterStarted(Guid CounterId);

public sealed record CounterIncremented(Guid CounterId);

public sealed record CounterFinished(Guid CounterId);
