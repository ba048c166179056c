using System.Diagnostics;
using System.Text.Json;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Submissions;

// Stores a submission once per idempotency key. The unique indexes decide whether it is the
// member's and household's one valid application; a duplicate (also one that lost a race) is
// kept in the same table as Invalid, under its own random number.
public sealed class SubmissionStore(DbSession session)
{
    private const string SubmissionSavepoint = "submission";

    public Task<StoredAnswer?> FindAnswerAsync(string owner, string idempotencyKey, CancellationToken cancellationToken) =>
        session.QuerySingleAsync("SELECT request_hash, response_status, response_body::text FROM submission_request WHERE owner_subject = $1 AND idempotency_key = $2",
            reader => new StoredAnswer((byte[])reader[0], reader.GetInt32(1), JsonSerializer.Deserialize<SubmissionResult>(reader.GetString(2), JsonSerializerOptions.Web)!),
            cancellationToken, owner, idempotencyKey);

    // Null when another request with the same key got there first: the caller reads its answer.
    public async Task<StoredAnswer?> StoreAsync(Campaign campaign, string owner, string idempotencyKey, byte[] requestHash, Submission submission, CancellationToken cancellationToken)
    {
        var transaction = await session.BeginAsync(cancellationToken);
        var number = ApplicationNumber.New();
        try
        {
            await transaction.SaveAsync(SubmissionSavepoint, cancellationToken);
            try
            {
                var (id, submittedAt) = await InsertApplicationAsync(campaign, owner, number, submission, invalidReason: null, cancellationToken);
                foreach (var document in submission.Documents)
                    await session.ExecuteAsync("INSERT INTO application_document (application_id, side, content_type, size_bytes, sha256, content) VALUES ($1, $2, $3, $4, $5, $6)",
                        cancellationToken, id, document.Side, document.ContentType, document.Content.Length, document.Sha256, document.Content);
                await session.ExecuteAsync("INSERT INTO application_event (application_id, from_status, to_status, actor, actor_role, reason, trace_id) VALUES ($1, NULL, 'Submitted', $2, 'applicant', '申請', $3)",
                    cancellationToken, id, owner, Activity.Current?.TraceId.ToString());
                return await AnswerAsync(owner, idempotencyKey, requestHash, id, StatusCodes.Status201Created, SubmissionResult.Valid(number, submittedAt), null, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && DuplicateReasons.For(e.ConstraintName) is { } duplicate)
            {
                // The valid row is undone; the duplicate is kept, invalid, with its own number.
                await transaction.RollbackAsync(SubmissionSavepoint, cancellationToken);
                number = ApplicationNumber.New();
                var (id, submittedAt) = await InsertApplicationAsync(campaign, owner, number, submission, duplicate.Reason, cancellationToken);
                return await AnswerAsync(owner, idempotencyKey, requestHash, id, StatusCodes.Status409Conflict, SubmissionResult.Invalid(number, duplicate.Reason, submittedAt), duplicate.Rule, cancellationToken);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "submission_request_pkey")
        {
            await session.RollbackAsync(cancellationToken);
            return null;
        }
    }

    private async Task<StoredAnswer> AnswerAsync(string owner, string key, byte[] hash, long applicationId, int status, SubmissionResult result, string? duplicateRule, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("INSERT INTO submission_request (owner_subject, idempotency_key, request_hash, application_id, response_status, response_body) VALUES ($1, $2, $3, $4, $5, $6::jsonb)",
            cancellationToken, owner, key, hash, applicationId, status, JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
        return new StoredAnswer(hash, status, result) { DuplicateRule = duplicateRule };
    }

    private async Task<(long Id, DateTimeOffset SubmittedAt)> InsertApplicationAsync(Campaign campaign, string owner, string number, Submission submission, string? invalidReason, CancellationToken cancellationToken)
    {
        var person = submission.Representative;
        await using var command = await session.CommandAsync("""
            INSERT INTO application (public_id, campaign_id, owner_subject, status, invalid_reason, units, family_name, given_name, family_name_kana, given_name_kana,
                birth_date, gender, phone, email, postal_code, address, document_type, consented_terms, consented_privacy, kana_key, phone_key, address_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, true, true, $18, $19, $20)
            RETURNING id, submitted_at
            """, cancellationToken);
        foreach (var value in new object?[]
        {
            number, campaign.Id, owner, invalidReason is null ? nameof(ApplicationStatus.Submitted) : nameof(ApplicationStatus.Invalid), invalidReason, submission.Units,
            person.FamilyName, person.GivenName, person.FamilyNameKana, person.GivenNameKana, person.BirthDate, person.Gender, person.Phone, person.Email,
            person.PostalCode, person.Address, submission.DocumentType,
            HouseholdKey.Kana(person.FamilyNameKana, person.GivenNameKana), HouseholdKey.Phone(person.Phone), HouseholdKey.Address(person.Address),
        })
            command.Parameters.Add(new() { Value = value ?? DBNull.Value });
        long id;
        DateTimeOffset submittedAt;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (id, submittedAt) = (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
        }

        var position = 0;
        foreach (var member in submission.Household)
            await session.ExecuteAsync("""
                INSERT INTO application_household_member (application_id, position, family_name, given_name, family_name_kana, given_name_kana, birth_date, relationship)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, cancellationToken, id, position++, member.FamilyName, member.GivenName, member.FamilyNameKana, member.GivenNameKana, member.BirthDate, member.Relationship);
        return (id, Jst.Of(submittedAt));
    }
}

public sealed record StoredAnswer(byte[] RequestHash, int Status, SubmissionResult Result)
{
    public string? DuplicateRule { get; init; }
}
