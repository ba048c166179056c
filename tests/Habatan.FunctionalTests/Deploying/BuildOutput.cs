namespace Habatan.FunctionalTests.Deploying;

internal static class BuildOutput
{
    // A project's own build output under src/, in the configuration these tests were built in.
    public static string Of(string project, string fileName)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root, "src", project, "bin", configuration, "net10.0", fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/{project} first.", path);
    }
}
