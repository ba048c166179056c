namespace Habatan.Members.Imports;

public sealed class ImportOptions
{
    // A roster of 1.15 million members is about 60 MB as CSV and less as .xlsx; room to spare.
    // The gateway's route for ops uploads allows the same (src/Gateway/appsettings.json).
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    // Each statement over the whole file (staging, checks, merge, the error report). Both files of
    // today's campaign (2.5M rows) took 118 s in all (docs/benchmark.md); ten times that data is
    // about 20 minutes in all, and no single statement of it comes near that.
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(20);
}
