using Habatan.Members.Imports.Files;
using Npgsql;

namespace Habatan.Members.Imports;

// What differs between the kinds of import: the columns, the staging table rows are copied
// into, the checks that need the database (duplicates, unknown members) and the merge. The
// importer runs them all the same way.
public abstract class ImportDefinition
{
    public abstract ImportKind Kind { get; }

    public abstract ImportLayout Layout { get; }

    // CREATE TEMP TABLE import_staging (row_number integer, ...) ON COMMIT DROP
    public abstract string CreateStagingSql { get; }

    public abstract string CopySql { get; }

    // SELECT row_number, column_name, value, reason: errors only the data as a whole shows.
    public abstract string CheckSql { get; }

    // The first row of the file with the same keys, for the duplicate checks. The rows are sorted
    // only to find equal keys, so in byte order ("C"): equal is equal in any deterministic
    // collation, and PostgreSQL sorts bytes several times faster than by the database's locale
    // (abbreviated keys, no strcoll): 1.37 million entitlement rows in 1.7 s instead of 3.0 s.
    protected static string FirstRowWithSame(params string[] keys) =>
        $"min(row_number) OVER (PARTITION BY {string.Join(", ", keys.Select(k => $"{k} COLLATE \"C\""))})";

    // The order an import's rows reach the entitlement table in: member by member, each member's
    // campaigns together. Each of its indexes then grows at its end, not at a random page: 1.37
    // million entitlements from a file in random order merged in 50.5 s unsorted and in 21.0 s
    // sorted; a file already in this order pays about a second for the sort. A platform export's
    // order is its own (by application date, say), so the merge does not depend on it.
    protected const string InMemberOrder = "ORDER BY member_id, campaign_code";

    // Returns one row (inserted, updated). Rows that already hold the file's values are left
    // untouched, so importing the same content again changes nothing; and a column the file does
    // not have is not written, so a file never changes what it does not say.
    public string MergeSql(ImportColumns columns) => Counted(InsertSql + "\n" + OnConflictSql(columns));

    // The merge when no staged row names a key the table holds (a first import): a plain
    // INSERT … SELECT, without ON CONFLICT's speculative insertion and arbiter probe per row.
    // The same constraints check every row; a key stored meanwhile fails it and the importer
    // falls back to MergeSql.
    public string InsertOnlySql => Counted(InsertSql);

    // One row, true when some staged row may already be stored (conservative: true is always safe).
    public abstract string AnyStoredKeySql { get; }

    // INSERT INTO table AS alias (...) SELECT ... FROM import_staging ...
    protected abstract string InsertSql { get; }

    // ON CONFLICT (...) DO UPDATE ... WHERE the stored values differ: only the file's columns.
    protected abstract string OnConflictSql(ImportColumns columns);

    // Parses every cell of the row; a row with no error is written to the staging COPY.
    // Synchronous on purpose: the importer buffers rows in memory and only flushes when its
    // buffer is full, so an awaited call per cell was pure state-machine overhead (issue #8).
    public abstract void Stage(ImportRow row, ImportColumns columns, NpgsqlBinaryImporter copy, ImportErrorSink errors);

    public static ImportDefinition For(ImportKind kind) =>
        kind switch
        {
            ImportKind.Roster => new RosterImport(),
            ImportKind.Entitlements => new EntitlementImport(),
            _ => new BalanceImport(),
        };

    private static string Counted(string insert) =>
        $"""
            WITH merged AS (
            {insert}
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
            """;

    protected static T Check<T>(
        ImportRow row,
        string column,
        ImportCell cell,
        CellRule<T> rule,
        ImportErrorSink errors,
        ref bool valid
    )
    {
        var error = rule(cell, out var value);
        if (error is null)
            return value;
        errors.Add(row.Number, column, cell.Text, error);
        valid = false;
        return value;
    }

    protected static bool CheckShape(ImportRow row, ImportErrorSink errors)
    {
        if (row.ExtraCells == 0)
            return true;
        errors.Add(
            row.Number,
            "（見出しのない列）",
            null,
            "見出しのない列に値があります。列を削除するか見出しを付けてください。"
        );
        return false;
    }

    protected delegate string? CellRule<T>(ImportCell cell, out T value);
}
