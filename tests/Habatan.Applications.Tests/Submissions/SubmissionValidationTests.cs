using System.Text.Json.Nodes;

namespace Habatan.Applications.Tests.Submissions;

// Bad input on every field: a 422 naming that field with a message in Japanese, never a 500,
// and nothing stored.
[Collection(ServersCollection.Name)]
public sealed class SubmissionValidationTests(ServersFixture servers) : OpenCampaignTests(servers)
{
    public static TheoryData<string, string?> BadFields =>
        new()
        {
            { "campaignCode", null },
            { "campaignCode", "\"no-such-campaign\"" },
            { "units", null },
            { "units", "0" },
            { "units", "-1" },
            { "units", "5" },
            { "units", "\"four\"" },
            { "units", "2.5" },
            { "representative.familyName", null },
            { "representative.familyName", "\"\"" },
            { "representative.familyName", "\"兵庫1\"" },
            { "representative.familyName", $"\"{new string('長', 51)}\"" },
            { "representative.givenName", "\"   \"" },
            { "representative.familyNameKana", "\"兵庫\"" },
            { "representative.familyNameKana", "\"hyogo\"" },
            { "representative.givenNameKana", null },
            { "representative.birthDate", "\"1985/04/01\"" },
            { "representative.birthDate", "\"1985-02-30\"" },
            { "representative.birthDate", "\"2999-01-01\"" },
            { "representative.birthDate", "\"1899-12-31\"" },
            { "representative.birthDate", "19850401" },
            { "representative.gender", "\"F\"" },
            { "representative.gender", null },
            { "representative.phone", "\"12345\"" },
            { "representative.phone", "\"190-1234-5678\"" },
            { "representative.phone", "\"090-1234-567a\"" },
            { "representative.phone", "\"090-1234-56789\"" },
            { "representative.email", "\"hanako\"" },
            { "representative.email", "\"hanako@localhost\"" },
            { "representative.email", "\"Hanako <hanako@example.jp>\"" },
            { "representative.postalCode", "\"65085\"" },
            { "representative.postalCode", "\"abc-defg\"" },
            { "representative.address", null },
            { "representative.address", $"\"{new string('町', 201)}\"" },
            { "householdMembers", "[]" },
            { "householdMembers", "{}" },
            { "householdMembers[0].relationship", "\"spouse\"" },
            { "householdMembers[0].relationship", "\"pet\"" },
            { "householdMembers[0].birthDate", "\"tomorrow\"" },
            { "householdMembers[0].familyNameKana", "\"Tanaka\"" },
            { "householdMembers[0].givenName", null },
            { "consents.terms", "false" },
            { "consents.privacy", "\"yes\"" },
            { "documentType", "\"library-card\"" },
            { "documentType", "\"residence-card\"" },
            { "documentType", null },
        };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task ABadFieldIsNamedInJapaneseAndNothingIsStored(string field, string? json)
    {
        var member = new Applicant(Service);
        var form = member.Form(Code).With(field, json is null ? null : JsonNode.Parse(json));
        // Spoiling the only household member's relationship also leaves no child: both are named.
        var expected =
            field.StartsWith("householdMembers[0].relationship", StringComparison.Ordinal) && json == "\"spouse\""
                ? "householdMembers"
                : field;

        var answer = await member.SubmitAsync(form);

        await AssertRefusedAsync(member, answer, expected);
    }

    [Fact]
    public async Task EveryBadFieldIsListedAtOnce()
    {
        var member = new Applicant(Service);
        var form = member
            .Form(Code)
            .With("units", 9)
            .With("representative.phone", "1")
            .With("representative.email", "x")
            .With("consents.terms", false);
        form.Front = null;

        var answer = await member.SubmitAsync(form);

        await AssertRefusedAsync(member, answer, "units");
        Assert.Superset(
            new HashSet<string>
            {
                "units",
                "representative.phone",
                "representative.email",
                "consents.terms",
                "idFront",
            },
            answer.ErrorFields.ToHashSet()
        );
    }

    public static TheoryData<string, string> BadImages =>
        new()
        {
            { "idFront", "missing" },
            { "idFront", "empty" },
            { "idFront", "gif" },
            { "idFront", "text" },
            { "idFront", "too-large" },
            { "idBack", "missing" },
            { "idBack", "gif" },
            { "idBack", "too-large" },
        };

    [Theory]
    [MemberData(nameof(BadImages))]
    public async Task ABadImageIsRefusedByItsContentAndSize(string field, string kind)
    {
        var member = new Applicant(Service);
        var form = member.Form(Code);
        byte[]? bytes = kind switch
        {
            "missing" => null,
            "empty" => [],
            "gif" => Images.Gif(),
            "text" => "front.jpg is not really a JPEG"u8.ToArray(),
            _ => Images.Jpeg(ApplicationsService.MaxImageBytes + 1),
        };
        if (field == "idFront")
            form.Front = bytes;
        else
            form.Back = bytes;

        var answer = await member.SubmitAsync(form);

        await AssertRefusedAsync(member, answer, field);
    }

    [Fact]
    public async Task TheNumberSideOfAMyNumberCardIsRefused()
    {
        var member = new Applicant(Service);
        var form = member.Form(Code).With("documentType", "my-number-card");

        var answer = await member.SubmitAsync(form);

        await AssertRefusedAsync(member, answer, "idBack");
        Assert.Contains("番号面", answer.ErrorsText, StringComparison.Ordinal);
        Assert.Equal(
            0,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
                WHERE a.owner_subject = $1
                """,
                member.Subject
            )
        );
    }

    [Fact]
    public async Task AMyNumberCardFrontAloneAndPngAreAcceptedAndAPdfIsNot()
    {
        var member = new Applicant(Service);
        var form = member.Form(Code).With("documentType", "my-number-card");
        form.Front = Images.Png();
        form.Back = null;
        var other = new Applicant(Service);
        var pdf = other.Form(Code).With("documentType", "passport");
        pdf.Front = Images.Pdf();
        pdf.Back = null;

        Assert.Equal(HttpStatusCode.Created, (await member.SubmitAsync(form)).Status);
        var refused = await other.SubmitAsync(pdf);
        await AssertRefusedAsync(other, refused, "idFront");
        Assert.Contains("PDF", refused.ErrorsText, StringComparison.Ordinal);
        Assert.Equal(
            "image/png",
            await Service.TextAsync(
                """
                SELECT d.content_type FROM application_document d JOIN application a ON a.id = d.application_id
                WHERE a.owner_subject = $1 AND d.side = 'front'
                """,
                member.Subject
            )
        );
        Assert.Equal(
            0,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
                WHERE a.owner_subject = $1 AND d.side = 'back'
                """,
                member.Subject
            )
        );
    }

    [Fact]
    public async Task BrokenFormsAreNamedToo()
    {
        var member = new Applicant(Service);
        using var client = member.Client();

        using var noKey = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = member.Form(Code).ToContent(),
        };
        var withoutKey = await Answer.ReadAsync(await client.SendAsync(noKey));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutKey.Status);
        Assert.Contains("Idempotency-Key", withoutKey.ErrorFields);

        using var json = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = JsonContent.Create(member.Form(Code).Json),
        };
        json.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var notMultipart = await Answer.ReadAsync(await client.SendAsync(json));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notMultipart.Status);
        Assert.Contains("application", notMultipart.ErrorFields);

        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = new MultipartFormDataContent { { new StringContent("{not json"), "application" } },
        };
        garbage.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var notJson = await Answer.ReadAsync(await client.SendAsync(garbage));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notJson.Status);
        Assert.Contains("application", notJson.ErrorFields);
        Assert.Equal(
            0,
            await Service.ScalarAsync("SELECT count(*) FROM application WHERE owner_subject = $1", member.Subject)
        );
    }

    private async Task AssertRefusedAsync(Applicant member, Answer answer, string field)
    {
        Assert.True(answer.Status == HttpStatusCode.UnprocessableEntity, $"{field}: {answer.Status} {answer.Body}");
        Assert.True(answer.ErrorFields.Contains(field), $"{field} not among {string.Join(", ", answer.ErrorFields)}");
        Assert.Matches(@"[\u3040-\u30FF\u4E00-\u9FFF]", answer.ErrorsText);
        Assert.Equal(
            0,
            await Service.ScalarAsync("SELECT count(*) FROM application WHERE owner_subject = $1", member.Subject)
        );
    }
}
