using System.Security.Claims;
using Habatan.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Habatan.Members.Imports;

public static class ImportsApi
{
    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder ops)
    {
        ops.MapPost("/imports/{kind}", UploadAsync).DisableAntiforgery();
        ops.MapGet("/imports", (ImportHistory history, CancellationToken cancellationToken, int? limit) =>
            history.RecentAsync(Math.Clamp(limit ?? 50, 1, 500), cancellationToken));
        ops.MapGet("/imports/{id:guid}", async Task<IResult> (Guid id, ImportHistory history, CancellationToken cancellationToken) =>
            await history.FindAsync(id, cancellationToken) is { } detail ? TypedResults.Ok(detail) : ImportProblems.NotFound());
        ops.MapGet("/imports/{id:guid}/errors.csv", ReportAsync);
        return ops;
    }

    private static async Task<IResult> UploadAsync(string kind, HttpContext http, ClaimsPrincipal user, MemberImporter importer, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        if (!ImportKinds.TryParse(kind, out var importKind)) return ImportProblems.UnknownKind(kind);

        // Uploads are large by nature; every other endpoint keeps the server's default limit.
        var maxBytes = options.Value.MaxFileBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
        if (http.Request.ContentLength > maxBytes) return ImportProblems.TooLarge(maxBytes);

        ImportUpload? upload;
        try
        {
            upload = await ImportUpload.ReadAsync(http.Request, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ImportProblems.TooLarge(maxBytes);
        }
        if (upload is null || upload.Content.Length == 0) return ImportProblems.NoFile();

        await using (upload)
        {
            var result = await importer.ImportAsync(importKind, upload, user.FindFirstValue(TokenParameters.SubjectClaim)!, cancellationToken);
            var location = $"/api/members/ops/imports/{result.ImportId}";
            return result.Status == "rejected"
                ? ImportProblems.Rejected(result, $"{location}/errors.csv")
                : TypedResults.Created(location, result);
        }
    }

    private static async Task<IResult> ReportAsync(Guid id, HttpContext http, ImportHistory history, CancellationToken cancellationToken)
    {
        if (await history.FindAsync(id, cancellationToken) is null) return ImportProblems.NotFound();
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-errors.csv\"";
        await history.WriteReportAsync(id, http.Response.Body, cancellationToken);
        return TypedResults.Empty;
    }
}
