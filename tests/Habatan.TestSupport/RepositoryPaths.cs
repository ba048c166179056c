namespace Habatan.TestSupport;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    // Servers started by tests keep their data here (git-ignored) and remove it when done.
    public static string TestData(string name) =>
        Path.Combine(Root, ".data", "tests", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);

    // Best effort: a folder still in use is left for a later run's clean-up.
    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string FindRoot()
    {
        for (
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            directory is not null;
            directory = directory.Parent
        )
        {
            if (File.Exists(Path.Combine(directory.FullName, "HabatanAspire.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("HabatanAspire.sln not found above the test binaries.");
    }
}
