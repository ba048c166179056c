namespace Habatan.Members.Imports;

public sealed class ImportOptions
{
    // A roster of 1.15 million members is about 60 MB as CSV and less as .xlsx; room to spare.
    // The gateway's route for ops uploads allows the same (src/Gateway/appsettings.json).
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;
}
