namespace Habatan.Applications.Tests.Submissions;

// DESIGN.md incident 1, points 2-4: invalid applications live in the same table with their own
// random number and a reason, link to nothing, and one valid application per member and per
// household is held by the database, also under a burst and client retries.
[Collection(ServersCollection.Name)]
public sealed class DuplicateApplicationTests(ServersFixture servers)
{
    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task DuplicateApplicationNeverLinksToAnotherRecord()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var first = new Applicant(Service);
        var second = new Applicant(Service);

        var secondsOwn = await second.SubmitAsync(second.Form(code));
        var firsts = await first.SubmitAsync(first.Form(code));
        var duplicate = await second.SubmitAsync(second.Form(code));

        Assert.Equal(HttpStatusCode.Created, secondsOwn.Status);
        Assert.Equal(HttpStatusCode.Created, firsts.Status);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal("Invalid", duplicate.Json.GetProperty("status").GetString());
        Assert.Contains("二重申請", duplicate.Json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        // Its own new number: neither the other member's nor its own earlier one.
        Assert.NotEqual(firsts.Number, duplicate.Number);
        Assert.NotEqual(secondsOwn.Number, duplicate.Number);
        Assert.DoesNotContain(firsts.Number, duplicate.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(firsts.StoredNumber, duplicate.Body, StringComparison.Ordinal);
        foreach (var value in first.Person.PersonalValues())
            Assert.DoesNotContain(value, duplicate.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("http", duplicate.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/api/", duplicate.Body, StringComparison.Ordinal);

        // Same table, status Invalid, a reason, owned by the one who sent it.
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application
                WHERE public_id = $1 AND status = 'Invalid' AND invalid_reason IS NOT NULL AND owner_subject = $2
                """,
                duplicate.StoredNumber,
                second.Subject
            )
        );
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                "SELECT count(*) FROM application WHERE owner_subject = $1 AND status <> 'Invalid'",
                second.Subject
            )
        );
    }

    [Fact]
    public async Task SecondMembersMyPageHoldsNothingOfTheFirstBeforeOrAfterTheFirstSubmits()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var first = new Applicant(Service);
        var second = new Applicant(Service);

        await second.SubmitAsync(second.Form(code));
        await second.SubmitAsync(second.Form(code));
        var before = await second.MyPageAsync();
        var firsts = await first.SubmitAsync(first.Form(code));
        await second.SubmitAsync(second.Form(code));
        var after = await second.MyPageAsync();

        foreach (var page in new[] { before, after })
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain(firsts.Number, page.Body, StringComparison.Ordinal);
            foreach (var value in first.Person.PersonalValues().Concat(second.Person.PersonalValues()))
                Assert.DoesNotContain(value, page.Body, StringComparison.Ordinal);
        }
        var shown = after.Json.GetProperty("applications").EnumerateArray().ToList();
        Assert.Equal(3, shown.Count);
        Assert.Equal(["Submitted", "Invalid", "Invalid"], shown.Select(a => a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AConcurrentBurstOfOneMembersSubmissionsYieldsExactlyOneValid()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var member = new Applicant(Service);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => member.SubmitAsync(member.Form(code))));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        Assert.Equal(
            11,
            answers.Count(a =>
                a.Status == HttpStatusCode.Conflict && a.Json.GetProperty("status").GetString() == "Invalid"
            )
        );
        Assert.Equal(12, answers.Select(a => a.Number).Distinct().Count());
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                "SELECT count(*) FROM application WHERE owner_subject = $1 AND status <> 'Invalid'",
                member.Subject
            )
        );
        Assert.Equal(
            11,
            await Service.ScalarAsync(
                "SELECT count(*) FROM application WHERE owner_subject = $1 AND status = 'Invalid'",
                member.Subject
            )
        );
    }

    [Fact]
    public async Task TheSameHouseholdUnderAnotherAccountIsInvalidWhateverTheSpelling()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var parent = new Applicant(Service);
        var spouse = new Applicant(Service);
        var samePhone = spouse.Form(code);
        var person = parent.Person;
        // The same person typed differently: hiragana and spaces, full-width digits and no hyphens.
        samePhone
            .With("representative.familyNameKana", Hiragana(person.FamilyNameKana) + " ")
            .With("representative.givenNameKana", "　" + person.GivenNameKana)
            .With("representative.birthDate", person.BirthDate)
            .With("representative.phone", ToFullWidth(person.Phone.Replace("-", "", StringComparison.Ordinal)));
        var sameAddress = new Applicant(Service)
            .Form(code)
            .With("representative.familyNameKana", person.FamilyNameKana)
            .With("representative.givenNameKana", person.GivenNameKana)
            .With("representative.birthDate", person.BirthDate)
            .With("representative.address", person.Address.Replace("5-10-", "5－10－", StringComparison.Ordinal) + " ");

        var valid = await parent.SubmitAsync(parent.Form(code));
        var byPhone = await spouse.SubmitAsync(samePhone);
        var byAddress = await new Applicant(Service).SubmitAsync(sameAddress);

        Assert.Equal(HttpStatusCode.Created, valid.Status);
        foreach (var duplicate in new[] { byPhone, byAddress })
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
            Assert.Contains("1世帯1申請", duplicate.Json.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(valid.Number, duplicate.Body, StringComparison.Ordinal);
            foreach (var value in person.PersonalValues())
                Assert.DoesNotContain(value, duplicate.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ARetryWithTheSameKeyGetsTheSameAnswerAndNoSecondRow()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var member = new Applicant(Service);
        var form = member.Form(code);
        var key = Guid.NewGuid().ToString("N");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => member.SubmitAsync(form, key)));
        var later = await member.SubmitAsync(form, key);

        Assert.All(answers.Append(later), a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Single(answers.Append(later).Select(a => a.Body).Distinct());
        Assert.Equal(
            1,
            await Service.ScalarAsync("SELECT count(*) FROM application WHERE owner_subject = $1", member.Subject)
        );
    }

    [Fact]
    public async Task TheSameKeyWithOtherContentIsRefusedAndTheFirstStays()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var member = new Applicant(Service);
        var key = Guid.NewGuid().ToString("N");
        var first = await member.SubmitAsync(member.Form(code), key);

        var changed = await member.SubmitAsync(member.Form(code).With("units", 2), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.Status);
        Assert.Contains("Idempotency-Key", changed.Body, StringComparison.Ordinal);
        Assert.Equal(
            1,
            await Service.ScalarAsync("SELECT count(*) FROM application WHERE owner_subject = $1", member.Subject)
        );
        Assert.Equal(
            4,
            await Service.ScalarAsync("SELECT units FROM application WHERE public_id = $1", first.StoredNumber)
        );
    }

    [Fact]
    public async Task ApplicationNumbersAreRandomAndNothingInternalLeaves()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var answers = new List<Answer>();
        for (var i = 0; i < 5; i++)
        {
            var member = new Applicant(Service);
            answers.Add(await member.SubmitAsync(member.Form(code)));
        }

        Assert.All(answers, a => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$", a.Number));
        Assert.Equal(5, answers.Select(a => a.Number).Distinct().Count());
        foreach (var answer in answers)
            Assert.Equal(
                ["applicationNumber", "status", "statusLabel", "reason", "submittedAt", "message"],
                answer.Json.EnumerateObject().Select(p => p.Name)
            );
    }

    [Fact]
    public async Task LogsHoldNoPersonalData()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var member = new Applicant(Service);
        await member.SubmitAsync(member.Form(code));
        await member.SubmitAsync(member.Form(code));

        var lines = Service.Logs.Entries.Select(e => e.Text).ToList();
        Assert.Contains(lines, l => l.Contains("stored as Invalid", StringComparison.Ordinal));
        foreach (var value in member.Person.PersonalValues().Append(member.Person.FamilyName + member.Person.GivenName))
            Assert.DoesNotContain(lines, l => l.Contains(value, StringComparison.Ordinal));
    }

    private static string Hiragana(string katakana) =>
        new([.. katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c)]);

    private static string ToFullWidth(string digits) => new([.. digits.Select(c => (char)(c - '0' + '０'))]);
}
