namespace Habatan.Infrastructure.Outbox;

// Stored type names omit the assembly version so a redeploy can still deliver older rows.
internal static class MessageTypeNames
{
    public static string For(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        Type.GetType(name, throwOnError: false)
        ?? throw new InvalidOperationException($"Outbox message type '{name}' is unknown to this build.");
}
