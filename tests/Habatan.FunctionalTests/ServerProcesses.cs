using System.Globalization;

namespace Habatan.FunctionalTests;

// The server processes one AppHost instance started: found through /proc by the data folder
// in their command line or environment, and epmd by its port.
internal static class ServerProcesses
{
    public static List<string> Of(AppHostFixture fixture)
    {
        var epmd = $"epmd -port {fixture.EpmdPort.ToString(CultureInfo.InvariantCulture)}";
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
                continue;
            var commandLine = Read(Path.Combine(directory, "cmdline"));
            if (commandLine.Length == 0)
                continue; // kernel threads and zombies
            if (
                commandLine.Contains(fixture.DataDirectory, StringComparison.Ordinal)
                || commandLine.StartsWith(epmd, StringComparison.Ordinal)
                || Read(Path.Combine(directory, "environ")).Contains(fixture.DataDirectory, StringComparison.Ordinal)
            )
            {
                found.Add($"{Path.GetFileName(directory)}: {commandLine[..Math.Min(120, commandLine.Length)]}");
            }
        }
        return found;
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
