using Habatan.Members.Audit;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Habatan.Members.Imports;

public static class ImportsApi
{
    private static readonly IReadOnlyList<string> ErrorValueFields = ["errors.value"];

    // An operator route: the gateway's "members-ops" route requires the same policy before a
    // request gets here.
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/members/ops").WithTags("Imports").RequireAuthorization(Policies.Operator);
        // A form with the file, or the file itself as the body (any type: the content decides).
        ops.MapPost("/imports/{kind}", UploadAsync)
            .DisableAntiforgery()
            .Accepts<ImportFormFields>(isOptional: true, "multipart/form-data", "*/*")
            .Produces<ImportJobStatus>(StatusCodes.Status202Accepted);
        ops.MapGet(
            "/imports",
            (ImportHistory history, CancellationToken cancellationToken, int? limit) =>
                history.RecentAsync(Math.Clamp(limit ?? 50, 1, 500), cancellationToken)
        );
        ops.MapGet("/imports/jobs/{id}", JobAsync).Produces<ImportJobStatus>();
        ops.MapGet("/imports/{id:guid}", DetailAsync);
        ops.MapGet("/imports/{id:guid}/errors.csv", ReportAsync);
        return app;
    }

    private static async Task<IResult> UploadAsync(
        string kind,
        HttpContext http,
        ClaimsPrincipal user,
        ImportJobs jobs,
        ImportJobSignal signal,
        IOptions<ImportOptions> options,
        CancellationToken cancellationToken
    )
    {
        if (!ImportKinds.TryParse(kind, out var importKind))
            return ImportProblems.UnknownKind(kind);

        // Uploads are large by nature; every other endpoint keeps the server's default limit.
        var maxBytes = options.Value.MaxFileBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        if (http.Request.ContentLength > maxBytes)
            return ImportProblems.TooLarge(maxBytes);

        ImportUpload? upload;
        try
        {
            upload = await ImportUpload.ReadAsync(http.Request, cancellationToken);
        }
        catch (Exception ex) when (MultipartForm.IsTooLarge(ex))
        {
            return ImportProblems.TooLarge(maxBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            // No boundary, a boundary the body never uses, a part cut short: not a size problem.
            return MultipartForm.Unreadable("file");
        }
        if (upload is null || upload.Content.Length == 0)
            return ImportProblems.NoFile();
        // The file name is kept in the import history: the one input-text rule applies to it too.
        if (InputText.Refusal(upload.FileName) is { } badName)
        {
            await upload.DisposeAsync();
            return ImportProblems.BadFileName(badName);
        }

        // The file is stored and queued; a worker on some replica imports it (ImportJobWorker).
        // The answer comes at once, with where to follow the job: an import of a whole roster
        // takes minutes, longer than any proxy keeps a request open.
        ImportJobStatus queued;
        await using (upload)
            queued = await jobs.EnqueueAsync(
                importKind,
                upload,
                user.FindFirstValue(TokenParameters.SubjectClaim)!,
                cancellationToken
            );
        signal.Wake(importKind);
        return TypedResults.Accepted(queued.StatusUrl, queued);
    }

    // Polled by the page and by scripts until the job is finished. A refused job's answer quotes
    // cells of the file (the same cells as the import's detail): showing them is an audited read.
    private static async Task<IResult> JobAsync(
        string id,
        ClaimsPrincipal user,
        ImportJobs jobs,
        AccessAudit audit,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (!Guid.TryParse(id, out var jobId))
            return ImportProblems.BadJobId();
        if (await jobs.FindAsync(jobId, cancellationToken) is not { } job)
            return ImportProblems.JobNotFound();
        if (job is { State: ImportJobStates.Refused, ImportId: { } importId })
            await AuditCellsReadAsync(user, importId, audit, session, cancellationToken);
        return TypedResults.Ok(job);
    }

    // The stored error cells hold values from the file (addresses, member ids): reading them is a
    // read of personal data, audited in the reading transaction like any other.
    private static async Task<IResult> DetailAsync(
        Guid id,
        ClaimsPrincipal user,
        ImportHistory history,
        AccessAudit audit,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (await history.FindAsync(id, cancellationToken) is not { } detail)
            return ImportProblems.NotFound();
        if (detail.Errors.Count > 0)
            await AuditCellsReadAsync(user, id, audit, session, cancellationToken);
        return TypedResults.Ok(detail);
    }

    private static async Task<IResult> ReportAsync(
        Guid id,
        HttpContext http,
        ClaimsPrincipal user,
        ImportHistory history,
        AccessAudit audit,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (await history.FindAsync(id, cancellationToken) is not { } detail)
            return ImportProblems.NotFound();
        // Recorded and committed before the report streams out: a download cut short still
        // counts as a read, and no byte leaves without its audit row.
        if (detail.Import.ErrorCount > 0)
            await AuditCellsReadAsync(user, id, audit, session, cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-errors.csv\"";
        await history.WriteReportAsync(id, http.Response.Body, cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task AuditCellsReadAsync(
        ClaimsPrincipal user,
        Guid importId,
        AccessAudit audit,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        await audit.ImportReadAsync(
            user.FindFirstValue(TokenParameters.SubjectClaim)!,
            importId,
            ErrorValueFields,
            cancellationToken
        );
        await session.CommitAsync(cancellationToken);
    }
}
