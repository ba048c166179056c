namespace Habatan.Members.Imports;

public sealed class ImportOptions
{
    // A roster of 1.15 million members is about 60 MB as CSV and less as .xlsx; room to spare.
    // The gateway's route for ops uploads allows the same (src/Gateway/appsettings.json).
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    // The checks and the merge of a full roster (1.15M rows) run longer than Npgsql's default 30 s
    // on a busy machine; a timeout there answered 500 and threw the import away.
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
