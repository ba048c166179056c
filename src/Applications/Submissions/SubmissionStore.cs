using System.Diagnostics;
using System.Text.Json;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Lifecycle;
using NpgsqlTypes;

namespace Habatan.Applications.Submissions;

// Stores a submission once per idempotency key. The unique indexes decide whether it is the
// member's and household's one valid application; a duplicate (also one that lost a race) is
// kept in the same table as Invalid, under its own random number.
// Round trips are what the 9:00 rush pays for, so a submission costs three: the look-up, one
// statement writing every row (application, household, images, event, idempotency answer;
// foreign keys are checked at its end), and the commit.
public sealed class SubmissionStore(DbSession session)
{
    private const string SubmissionSavepoint = "submission";

    private const string AnswerSql = """
        SELECT request_hash, response_status, response_body::text FROM submission_request
        WHERE owner_subject = $1 AND idempotency_key = $2
        """;

    // $1..$20 the application, $21..$26 the household as arrays, $27..$30 the idempotency answer.
    private const string ApplicationAndHousehold = """
        WITH app AS (
            INSERT INTO application (public_id, campaign_id, owner_subject, status, invalid_reason, units,
                family_name, given_name, family_name_kana, given_name_kana, birth_date, gender, phone, email,
                postal_code, address, document_type, consented_terms, consented_privacy, kana_key, phone_key,
                address_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, true, true,
                $18, $19, $20)
            RETURNING id
        ), household AS (
            INSERT INTO application_household_member (application_id, position, family_name, given_name,
                family_name_kana, given_name_kana, birth_date, relationship)
            SELECT app.id, h.position - 1, h.family_name, h.given_name, h.family_name_kana, h.given_name_kana,
                h.birth_date, h.relationship
            FROM app, unnest($21::text[], $22::text[], $23::text[], $24::text[], $25::date[], $26::text[])
                WITH ORDINALITY AS h (family_name, given_name, family_name_kana, given_name_kana, birth_date,
                    relationship, position)
        )
        """;

    // Only a valid application keeps its images and gets its first lifecycle event: $31..$35 the
    // images as arrays, $36 the trace id.
    private const string DocumentsAndEvent = """
        , documents AS (
            INSERT INTO application_document (application_id, side, content_type, size_bytes, sha256, content)
            SELECT app.id, d.side, d.content_type, d.size_bytes, d.sha256, d.content
            FROM app, unnest($31::text[], $32::text[], $33::integer[], $34::bytea[], $35::bytea[])
                AS d (side, content_type, size_bytes, sha256, content)
        ), event AS (
            INSERT INTO application_event (application_id, from_status, to_status, actor, actor_role, reason, trace_id)
            SELECT app.id, NULL, 'Submitted', $3, 'applicant', '申請', $36::text FROM app
        )
        """;

    private const string Answer = """
        INSERT INTO submission_request (owner_subject, idempotency_key, request_hash, application_id,
            response_status, response_body)
        SELECT $3, $27, $28, app.id, $29, $30::jsonb FROM app
        """;

    public async Task<SubmissionLookup> LookUpAsync(
        string owner,
        string idempotencyKey,
        string? campaignCode,
        CancellationToken cancellationToken
    )
    {
        var transaction = await session.BeginAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT now()"));
        batch.BatchCommands.Add(Command(AnswerSql, owner, idempotencyKey));
        // FOR SHARE: a suspension (an UPDATE of this row) waits for submissions in flight and
        // later ones see it, so nothing is accepted after the kill switch commits.
        if (campaignCode is not null)
            batch.BatchCommands.Add(
                Command($"SELECT {CampaignStore.Columns} FROM campaign WHERE code = $1 FOR SHARE", campaignCode)
            );

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var now = reader.GetFieldValue<DateTimeOffset>(0);
        await reader.NextResultAsync(cancellationToken);
        var earlier = await reader.ReadAsync(cancellationToken) ? ReadAnswer(reader) : null;
        Campaign? campaign = null;
        if (
            campaignCode is not null
            && await reader.NextResultAsync(cancellationToken)
            && await reader.ReadAsync(cancellationToken)
        )
            campaign = CampaignStore.Read(reader);
        return new SubmissionLookup(earlier, campaign, now);
    }

    public Task<StoredAnswer?> FindAnswerAsync(
        string owner,
        string idempotencyKey,
        CancellationToken cancellationToken
    ) => session.QuerySingleAsync(AnswerSql, ReadAnswer, cancellationToken, owner, idempotencyKey);

    // Null when another request with the same key got there first: the caller reads its answer.
    // submittedAt is the transaction's time (now()), the value the application row gets.
    public async Task<StoredAnswer?> StoreAsync(
        Campaign campaign,
        string owner,
        string idempotencyKey,
        byte[] requestHash,
        Submission submission,
        DateTimeOffset submittedAt,
        CancellationToken cancellationToken
    )
    {
        var transaction = await session.BeginAsync(cancellationToken);
        var number = ApplicationNumber.New();
        try
        {
            try
            {
                var valid = SubmissionResult.Valid(number, Jst.Of(submittedAt));
                await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
                // The savepoint travels with the statement: a unique violation undoes only the valid row.
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {SubmissionSavepoint}"));
                batch.BatchCommands.Add(
                    Statement(
                        campaign,
                        owner,
                        number,
                        submission,
                        null,
                        idempotencyKey,
                        requestHash,
                        StatusCodes.Status201Created,
                        valid
                    )
                );
                await batch.ExecuteNonQueryAsync(cancellationToken);
                return new StoredAnswer(requestHash, StatusCodes.Status201Created, valid);
            }
            catch (PostgresException e)
                when (e.SqlState == PostgresErrorCodes.UniqueViolation
                    && OneValidApplication.Violated(e.ConstraintName) is { } duplicate
                )
            {
                // The valid row is undone; the duplicate is kept, invalid, with its own number.
                await transaction.RollbackAsync(SubmissionSavepoint, cancellationToken);
                number = ApplicationNumber.New();
                var invalid = SubmissionResult.Invalid(number, duplicate.Reason, Jst.Of(submittedAt));
                await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
                batch.BatchCommands.Add(
                    Statement(
                        campaign,
                        owner,
                        number,
                        submission,
                        duplicate.Reason,
                        idempotencyKey,
                        requestHash,
                        StatusCodes.Status409Conflict,
                        invalid
                    )
                );
                await batch.ExecuteNonQueryAsync(cancellationToken);
                return new StoredAnswer(requestHash, StatusCodes.Status409Conflict, invalid)
                {
                    DuplicateRule = duplicate.Rule,
                };
            }
        }
        catch (PostgresException e)
            when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "submission_request_pkey")
        {
            await session.RollbackAsync(cancellationToken);
            return null;
        }
    }

    private static NpgsqlBatchCommand Statement(
        Campaign campaign,
        string owner,
        string number,
        Submission submission,
        string? invalidReason,
        string idempotencyKey,
        byte[] requestHash,
        int status,
        SubmissionResult result
    )
    {
        var person = submission.Representative;
        var household = submission.Household;
        var command = Command(
            ApplicationAndHousehold + (invalidReason is null ? DocumentsAndEvent : "") + Answer,
            number,
            campaign.Id,
            owner,
            invalidReason is null ? nameof(ApplicationStatus.Submitted) : nameof(ApplicationStatus.Invalid),
            invalidReason,
            submission.Units,
            person.FamilyName,
            person.GivenName,
            person.FamilyNameKana,
            person.GivenNameKana,
            person.BirthDate,
            person.Gender,
            person.Phone,
            person.Email,
            person.PostalCode,
            person.Address,
            submission.DocumentType,
            HouseholdKey.Kana(person.FamilyNameKana, person.GivenNameKana),
            HouseholdKey.Phone(person.Phone),
            HouseholdKey.Address(person.Address),
            household.Select(m => m.FamilyName).ToArray(),
            household.Select(m => m.GivenName).ToArray(),
            household.Select(m => m.FamilyNameKana).ToArray(),
            household.Select(m => m.GivenNameKana).ToArray(),
            household.Select(m => m.BirthDate).ToArray(),
            household.Select(m => m.Relationship).ToArray(),
            idempotencyKey,
            requestHash,
            status,
            JsonSerializer.Serialize(result, JsonSerializerOptions.Web)
        );
        if (invalidReason is not null)
            return command;

        var documents = submission.Documents;
        command.Parameters.Add(new() { Value = documents.Select(d => d.Side).ToArray() });
        command.Parameters.Add(new() { Value = documents.Select(d => d.ContentType).ToArray() });
        command.Parameters.Add(new() { Value = documents.Select(d => d.Content.Length).ToArray() });
        command.Parameters.Add(
            new()
            {
                Value = documents.Select(d => d.Sha256).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea,
            }
        );
        command.Parameters.Add(
            new()
            {
                Value = documents.Select(d => d.Content).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea,
            }
        );
        command.Parameters.Add(
            new()
            {
                Value = (object?)Activity.Current?.TraceId.ToString() ?? DBNull.Value,
                NpgsqlDbType = NpgsqlDbType.Text,
            }
        );
        return command;
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new() { Value = value ?? DBNull.Value });
        return command;
    }

    private static StoredAnswer ReadAnswer(NpgsqlDataReader reader) =>
        new(
            (byte[])reader[0],
            reader.GetInt32(1),
            JsonSerializer.Deserialize<SubmissionResult>(reader.GetString(2), JsonSerializerOptions.Web)!
        );
}

public sealed record StoredAnswer(byte[] RequestHash, int Status, SubmissionResult Result)
{
    public string? DuplicateRule { get; init; }
}
