namespace Habatan.Members.Imports;

// Uploads and error spills go to disk, not memory; the files vanish when closed, also when the
// request is aborted half-way.
internal static class TemporaryFiles
{
    public static FileStream Create() =>
        new(
            Path.Combine(Path.GetTempPath(), $"habatan-import-{Guid.NewGuid():N}.tmp"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            1 << 16,
            FileOptions.DeleteOnClose
        );
}
