namespace Habatan.Infrastructure.Tests.Support;

public sealed record NumberedMessage(int Number);
