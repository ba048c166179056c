using Habatan.Contracts.Audiences;

namespace Habatan.Notifications.Tests.Support;

// Generated members for one test: random public ids, addresses unique to the test (the mail
// sink is shared), about a third opted in to the in-app inbox, one in ten without a reachable
// address (Members still sends them when they can be reached in the app).
public static class Population
{
    public static List<AudienceRecipient> Generate(int count, string tag) =>
        [
            .. Enumerable
                .Range(0, count)
                .Select(i => new AudienceRecipient(
                    TestTokens.NewSubject(),
                    i % 10 == 9 ? null : $"{tag}-{i}@example.com",
                    i % 3 == 0 || i % 10 == 9
                )),
        ];

    // Everyone with an address: for tests about mail alone.
    public static List<AudienceRecipient> WithEmail(int count, string name) =>
        [.. Generate(count, NewTag(name)).Select(m => m with { Email = m.Email ?? $"{Guid.NewGuid():N}@example.com" })];

    public static string NewTag(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
}
