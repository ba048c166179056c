using Microsoft.AspNetCore.Mvc;

namespace Habatan.Members.Imports;

// What GET /api/members/ops/imports/jobs/{id} answers. State: Queued, Running, Succeeded (the
// file was imported, or was a duplicate: Result is the answer a synchronous upload gave with
// 201), Refused (nothing stored: Problem is the 422 answer with the cell report), Failed
// (nothing stored: Reason says why and what to do). ImportId: the import's history entry.
public sealed record ImportJobStatus(
    Guid JobId,
    string Kind,
    string? FileName,
    string State,
    string StatusUrl,
    ImportJobProgress Progress,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Reason,
    Guid? ImportId,
    ImportResult? Result,
    ProblemDetails? Problem
)
{
    public bool IsFinished => State is ImportJobStates.Succeeded or ImportJobStates.Refused or ImportJobStates.Failed;
}

// Rows read from the file, rows through every check, rows the merge wrote (committed once the
// job is Succeeded).
public sealed record ImportJobProgress(int RowsRead, int RowsChecked, int RowsStored);

public static class ImportJobStates
{
    public const string Queued = "Queued";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Refused = "Refused";
    public const string Failed = "Failed";

    public static string Of(ImportResult result) => result.Status == "rejected" ? Refused : Succeeded;
}
