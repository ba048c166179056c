using System.Text.Json.Nodes;

namespace Habatan.Applications.Tests.Submissions;

// A submission is written by one statement (issue #8): every row it needs is there, tied to
// its own application, and the answer's time is the stored one, not a second clock's.
[Collection(ServersCollection.Name)]
public sealed class SubmissionRowsTests(ServersFixture servers)
{
    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task OneStatementStoresTheApplicationWithItsHouseholdImagesEventAndAnswer()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var member = new Applicant(Service);
        var form = member.Form(code);
        ((JsonArray)form.Json["householdMembers"]!).Add(
            new JsonObject
            {
                ["familyName"] = member.Person.FamilyName,
                ["givenName"] = "花子",
                ["familyNameKana"] = member.Person.FamilyNameKana,
                ["givenNameKana"] = "ハナコ",
                ["birthDate"] = "2020-07-07",
                ["relationship"] = "child",
            }
        );

        var answer = await member.SubmitAsync(form);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        var number = answer.StoredNumber;
        var submittedAt = answer.Json.GetProperty("submittedAt").GetDateTimeOffset().ToUniversalTime();
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                "SELECT count(*) FROM application WHERE public_id = $1 AND owner_subject = $2 AND submitted_at = $3",
                number,
                member.Subject,
                submittedAt
            )
        );
        Assert.Equal(
            2,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application_household_member h JOIN application a ON a.id = h.application_id
                WHERE a.public_id = $1
                    AND ((h.position = 0 AND h.given_name = '太郎')
                        OR (h.position = 1 AND h.given_name = '花子' AND h.birth_date = '2020-07-07'))
                """,
                number
            )
        );
        // The images as re-encoded from their pixels (DocumentImageTests), with their size and digest.
        foreach (var (side, type) in new[] { ("front", "image/jpeg"), ("back", "image/png") })
            Assert.Equal(
                1,
                await Service.ScalarAsync(
                    """
                    SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
                    WHERE a.public_id = $1 AND d.side = $2 AND d.content_type = $3
                      AND d.size_bytes = length(d.content) AND d.sha256 = sha256(d.content)
                    """,
                    number,
                    side,
                    type
                )
            );
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application_event e JOIN application a ON a.id = e.application_id
                WHERE a.public_id = $1 AND e.to_status = 'Submitted' AND e.actor = $2 AND e.actor_role = 'applicant'
                """,
                number,
                member.Subject
            )
        );
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM submission_request r JOIN application a ON a.id = r.application_id
                WHERE a.public_id = $1 AND r.owner_subject = $2 AND r.response_status = 201
                """,
                number,
                member.Subject
            )
        );
    }

    [Fact]
    public async Task AnInvalidDuplicateKeepsNoImagesAndNoLifecycleEvent()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var member = new Applicant(Service);
        await member.SubmitAsync(member.Form(code));

        var duplicate = await member.SubmitAsync(member.Form(code));

        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        var number = duplicate.StoredNumber;
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                "SELECT count(*) FROM application WHERE public_id = $1 AND status = 'Invalid' AND submitted_at = $2",
                number,
                duplicate.Json.GetProperty("submittedAt").GetDateTimeOffset().ToUniversalTime()
            )
        );
        Assert.Equal(
            0,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
                WHERE a.public_id = $1
                """,
                number
            )
        );
        Assert.Equal(
            0,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application_event e JOIN application a ON a.id = e.application_id
                WHERE a.public_id = $1
                """,
                number
            )
        );
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM submission_request r JOIN application a ON a.id = r.application_id
                WHERE a.public_id = $1 AND r.response_status = 409
                """,
                number
            )
        );
    }
}
