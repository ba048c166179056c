using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Habatan.Applications.Tests.Submissions;

// Issue 13 against the service itself: text outside the input-text and name rules, forms that
// cannot be read, and a multi-line note. Each is a 4xx naming the field; nothing is stored.
[Collection(ServersCollection.Name)]
public sealed class HostileSubmissionTests(ServersFixture servers) : OpenCampaignTests(servers)
{
    public static TheoryData<string, string> BadTexts =>
        new()
        {
            { "representative.familyName", "兵庫😀" },
            { "representative.givenName", "花" + new string('\u0301', 40) },
            { "representative.givenName", "\u0301花子" },
            { "representative.familyName", "葛\U000E0100城" },
            { "representative.familyName", "兵\uE000庫" },
            { "householdMembers[0].givenNameKana", "タロウ\u200D" },
            { "representative.address", "兵庫県\u0000神戸市" },
            { "representative.address", "兵庫県\u009B神戸市" },
            { "representative.address", "兵庫県\n神戸市" },
            { "representative.email", "\uFEFFhanako@example.jp" },
            { "representative.email", "hanako@example.jp\u2069" },
        };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task TextOutsideTheRulesIsNamedAndNothingIsStored(string field, string value)
    {
        var member = new Applicant(Service);

        var answer = await member.SubmitAsync(member.Form(Code).With(field, JsonValue.Create(value)));

        Assert.True(answer.Status == HttpStatusCode.UnprocessableEntity, $"{field}: {answer.Status} {answer.Body}");
        Assert.Contains(field, answer.ErrorFields);
        Assert.Equal(0, await StoredAsync(member));
    }

    [Fact]
    public async Task HiraganaInAFuriganaFieldIsStoredAsKatakana()
    {
        var member = new Applicant(Service);
        var form = member
            .Form(Code)
            .With("representative.familyNameKana", "ひょうご")
            .With("representative.givenNameKana", "ﾊﾅｺ");

        var answer = await member.SubmitAsync(form);

        Assert.True(answer.Status == HttpStatusCode.Created, answer.Body);
        Assert.Equal(
            "ヒョウゴ",
            await Service.TextAsync("SELECT family_name_kana FROM application WHERE owner_subject = $1", member.Subject)
        );
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=never-used")]
    public async Task AFormThatCannotBeReadIsA400(string contentType)
    {
        var member = new Applicant(Service);
        using var client = member.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions");
        request.Content = new ByteArrayContent("--other\r\n\r\n{}\r\n"u8.ToArray());
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));

        using var response = await client.SendAsync(request);
        var answer = await Answer.ReadAsync(response);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.Body);
        Assert.Equal("フォームを読み取れませんでした。", answer.Json.GetProperty("title").GetString());
        Assert.Equal(0, await StoredAsync(member));
    }

    // A correction note is multi-line; a control other than TAB/LF/CR is refused before anything
    // is looked up (the number here belongs to no one, so an accepted note ends in 404).
    [Theory]
    // Escaped: xunit names a case by its data in UTF-8, where a half pair would read U+FFFD.
    [InlineData(@"電話番号を直しました。\r\n住所も直しました。", HttpStatusCode.NotFound)]
    [InlineData(@"電話番号を直しました。\u0000", HttpStatusCode.UnprocessableEntity)]
    [InlineData(@"\ud800", HttpStatusCode.UnprocessableEntity)]
    public async Task ACorrectionNoteTakesLineBreaksButNoOtherControl(string escaped, HttpStatusCode expected)
    {
        var member = new Applicant(Service);

        var answer = await member.CorrectAsync("A-0000-0000-0000", new { note = Regex.Unescape(escaped) });

        Assert.True(answer.Status == expected, answer.Body);
        if (expected == HttpStatusCode.UnprocessableEntity)
            Assert.Contains("note", answer.ErrorFields);
    }

    private Task<long> StoredAsync(Applicant member) =>
        Service.ScalarAsync("SELECT count(*) FROM application WHERE owner_subject = $1", member.Subject);
}
