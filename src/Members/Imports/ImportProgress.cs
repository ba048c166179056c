namespace Habatan.Members.Imports;

// What a running import has done so far, read by its job's heartbeat from another thread: rows
// read from the file, rows through every check (the cells as they are read, then the checks over
// the whole file), rows written by the merge (committed only when the job says so). Plain
// writes from the import, no await per row.
public sealed class ImportProgress
{
    private int _read;
    private int _checked;
    private int _stored;

    public int Read => Volatile.Read(ref _read);

    public int Checked => Volatile.Read(ref _checked);

    public int Stored => Volatile.Read(ref _stored);

    // Runs in the import's own transaction just before it commits: the job's end commits with the
    // import's data, or neither does.
    public Func<ImportResult, DbSession, CancellationToken, Task>? BeforeCommitAsync { get; init; }

    internal void RowRead(int rows) => Volatile.Write(ref _read, rows);

    internal void RowsChecked(int rows) => Volatile.Write(ref _checked, rows);

    internal void RowsStored(int rows) => Volatile.Write(ref _stored, rows);
}
