namespace Habatan.AppHost.Supervision;

// Marks a long-running server or service that the Supervisor restarts when its process dies on
// its own (a crash, an OOM kill, kill -9). One-shot resources (provisioning, migrations, the demo
// seed) are not marked: their exit is their end.
internal sealed class RestartOnCrashAnnotation : IResourceAnnotation;

internal static class RestartOnCrash
{
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> resource)
        where T : IResource => resource.WithAnnotation(new RestartOnCrashAnnotation());

    public static bool IsSupervised(this IResource resource) =>
        resource.Annotations.OfType<RestartOnCrashAnnotation>().Any();
}
