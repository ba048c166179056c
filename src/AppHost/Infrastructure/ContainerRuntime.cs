using System.Diagnostics;

namespace Habatan.AppHost.Infrastructure;

internal static class ContainerRuntime
{
    public static bool ShouldUseContainers(string mode) =>
        mode.ToLowerInvariant() switch
        {
            "containers" => true,
            "executables" => false,
            _ => Answers("docker") || Answers("podman"),
        };

    // A client binary alone proves nothing (these machines have a docker client and no engine):
    // ask the engine itself, briefly.
    private static bool Answers(string client)
    {
        try
        {
            using var process = Process.Start(
                new ProcessStartInfo(client, "info --format {{.ServerVersion}}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                }
            );
            if (process is null)
                return false;
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
