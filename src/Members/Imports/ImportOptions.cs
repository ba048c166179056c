using Habatan.Members.Imports.Files;

namespace Habatan.Members.Imports;

public sealed class ImportOptions
{
    // A roster of 1.15 million members is about 60 MB as CSV and less as .xlsx; room to spare.
    // The gateway's route for ops uploads allows the same (src/Gateway/appsettings.json).
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    // Rows a CSV file may hold (ImportFileLimits.MaxCsvRows): 2,000,000 fits today's 1.15 million
    // members; a campaign of more raises it here, with MaxFileBytes (the benchmark's 3x growth
    // point, 3.45 million members, does).
    public int MaxCsvRows { get; set; } = ImportFileLimits.Default.MaxCsvRows;

    public ImportFileLimits FileLimits() => ImportFileLimits.Default with { MaxCsvRows = MaxCsvRows };

    // Each statement over the whole file (staging, checks, merge, the error report). Both files of
    // today's campaign (2.5M rows) took 118 s in all (docs/benchmark.md); ten times that data is
    // about 20 minutes in all, and no single statement of it comes near that.
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(20);

    // How long a running job stays its worker's without a heartbeat: after that the sweep of any
    // replica marks it Failed. Long enough for a pause of the process or the network, short
    // enough that ops do not wait long to upload again after a replica died.
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(1);

    // How often a running job renews its lease and writes its progress (what the status shows).
    public TimeSpan JobHeartbeat { get; set; } = TimeSpan.FromSeconds(5);

    // How often each replica looks for queued jobs and expired leases; an upload to the replica
    // itself wakes its worker at once.
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
