using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Diagnostics;
using Microsoft.Extensions.Options;

namespace Habatan.Applications.Submissions;

// POST /api/applications/submissions: multipart with the form as JSON ("application") and the
// ID-document images ("idFront", "idBack"). The owner is the token's subject, nothing else.
public static partial class SubmissionsApi
{
    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/applications/submissions", SubmitAsync)
            .WithTags("Submissions")
            .RequireAuthorization(Policies.Member)
            .DisableAntiforgery()
            // Described as the form it is; anything else still reaches the handler, which says
            // in Japanese what to send instead of the framework's bare 415.
            .Accepts<SubmissionFormFields>(isOptional: true, "multipart/form-data", "*/*")
            .AddOpenApiOperationTransformer(SubmissionFormFields.DescribeHeaderAsync);
        return app;
    }

    private static async Task<IResult> SubmitAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        SubmissionStore store,
        DbSession session,
        IOptions<DocumentOptions> documentOptions,
        ApplicationsMetrics metrics,
        TimeProvider time,
        ILogger<SubmissionStore> logger,
        CancellationToken cancellationToken
    )
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        if (!KeyPattern().IsMatch(key))
            return SubmissionProblems.MissingIdempotencyKey();
        if (!request.HasFormContentType)
            return SubmissionProblems.NotMultipart();

        var maxBytes = documentOptions.Value.MaxBytes;
        var read = await MultipartForm.ReadAsync(request, cancellationToken);
        if (read.Failure == FormReadFailure.TooLarge)
            return SubmissionProblems.TooLarge(maxBytes);
        if (read.Form is not { } form)
            return MultipartForm.Unreadable("application");
        // A form field that was not UTF-8 arrives with U+FFFD where its bytes were: the text rule
        // refuses it.
        if (InputText.Refusal(form["application"].ToString(), TextLines.MultiLine) is { } damaged)
            return ValidationProblems.Of(new() { ["application"] = [damaged] });

        var json = form["application"].ToString();
        var files = await ReadFilesAsync(form.Files, maxBytes, cancellationToken);
        var owner = user.Subject();
        var hash = RequestHash(json, files);

        JsonDocument? document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "null" : json);
        }
        catch (JsonException)
        {
            document = null;
        }
        using (document)
        {
            // Every text of the form, by the one input-text rule, before any of it is read.
            if (document is not null && JsonTexts.Refusals(document.RootElement) is { Count: > 0 } refusals)
                return ValidationProblems.Of(refusals);
            var code = document is null ? null : FieldErrors.Text(document.RootElement, "campaignCode");
            var lookup = await store.LookUpAsync(owner, key, code, cancellationToken);
            // A retry gets the first answer, whatever has happened since (a suspension, a review).
            if (lookup.Earlier is { } earlier)
                return Replay(earlier, hash);
            if (document is null)
                return ValidationProblems.Of(
                    new() { ["application"] = ["申請内容（application）を JSON で送信してください。"] }
                );

            var campaign = lookup.Campaign;
            var errors = new FieldErrors();
            var today = Jst.DateOf(time.GetUtcNow());
            var submission = SubmissionValidator.Validate(
                document.RootElement,
                campaign,
                files,
                maxBytes,
                today,
                errors
            );
            if (errors.Any)
                return ValidationProblems.Of(errors.ToDictionary());

            var state = campaign!.StateAt(time.GetUtcNow());
            if (state != IntakeState.Open)
                return CampaignProblems.NotTakingSubmissions(campaign, state);

            var answer = await store.StoreAsync(
                campaign,
                owner,
                key,
                hash,
                submission!,
                lookup.TransactionTime,
                cancellationToken
            );
            if (answer is null)
                return await store.FindAnswerAsync(owner, key, cancellationToken) is { } first
                    ? Replay(first, hash)
                    : SubmissionProblems.KeyReusedWithOtherContent();
            await session.CommitAsync(cancellationToken);

            metrics.Submitted(answer.DuplicateRule is null ? "valid" : "invalid");
            if (answer.DuplicateRule is { } rule)
                metrics.Duplicate(rule);
            Log.Stored(
                logger,
                answer.Result.ApplicationNumber,
                campaign.Code,
                answer.Result.Status,
                answer.DuplicateRule ?? "-"
            );
            return TypedResults.Json(answer.Result, statusCode: answer.Status);
        }
    }

    private static IResult Replay(StoredAnswer earlier, byte[] hash) =>
        CryptographicOperations.FixedTimeEquals(earlier.RequestHash, hash)
            ? TypedResults.Json(earlier.Result, statusCode: earlier.Status)
            : SubmissionProblems.KeyReusedWithOtherContent();

    // At most one byte past the cap is read: enough for the validator to call a file too large.
    private static async Task<Dictionary<string, byte[]?>> ReadFilesAsync(
        IFormFileCollection files,
        int maxBytes,
        CancellationToken cancellationToken
    )
    {
        var contents = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var name in new[] { "idFront", "idBack" })
        {
            if (files.GetFile(name) is not { } file)
                continue;
            var content = new byte[Math.Min(file.Length, maxBytes + 1L)];
            await using var stream = file.OpenReadStream();
            var read = await stream.ReadAtLeastAsync(
                content,
                content.Length,
                throwOnEndOfStream: false,
                cancellationToken
            );
            contents[name] = content[..read];
        }
        return contents;
    }

    private static byte[] RequestHash(string json, Dictionary<string, byte[]?> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(json));
        foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes("\n" + name + "\n"));
            hash.AppendData(SHA256.HashData(content ?? []));
        }
        return hash.GetHashAndReset();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,100}$")]
    private static partial Regex KeyPattern();

    private static partial class Log
    {
        // Numbers and codes only: never a name, phone, address, email or image.
        [LoggerMessage(
            LogLevel.Information,
            "Application {ApplicationNumber} for campaign {CampaignCode} stored as {Status}"
                + " (duplicate rule {DuplicateRule})"
        )]
        public static partial void Stored(
            ILogger logger,
            string applicationNumber,
            string campaignCode,
            string status,
            string duplicateRule
        );
    }
}
