using Habatan.Applications.Submissions;

namespace Habatan.Applications.Tests.Submissions;

// DESIGN.md incident 1, point 4, as OneValidApplication names it: the database itself refuses a
// second valid application, whatever path writes it, and the service maps the index that
// refused it to the rule and the reason the applicant reads.
[Collection(ServersCollection.Name)]
public sealed class OneValidApplicationTests(ServersFixture servers)
{
    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task OneValidApplicationHoldsEvenForARowWrittenBehindTheServicesBack()
    {
        var code = await new Ops(Service).OpenCampaignAsync();
        var member = new Applicant(Service);
        var valid = await member.SubmitAsync(member.Form(code));
        Assert.Equal(HttpStatusCode.Created, valid.Status);

        // A copy of the valid row with a fresh number: only the unique index stands in the way.
        var copy = () =>
            Service.ExecuteAsync(
                """
                INSERT INTO application (public_id, campaign_id, owner_subject, status, units, family_name, given_name,
                    family_name_kana, given_name_kana, birth_date, gender, phone, email, postal_code, address,
                    document_type, consented_terms, consented_privacy, kana_key, phone_key, address_key)
                SELECT 'ZZZZZZZZZZZZZZZZZZZZ', campaign_id, owner_subject, 'Submitted', units, family_name, given_name,
                    family_name_kana, given_name_kana, birth_date, gender, phone, email, postal_code, address,
                    document_type, true, true, kana_key || 'x', phone_key || '9', address_key || 'x'
                FROM application
                WHERE public_id = $1
                """,
                valid.StoredNumber
            );
        var refused = await Assert.ThrowsAsync<PostgresException>(copy);
        Assert.Equal("ux_application_member", refused.ConstraintName);
        Assert.Equal(("member", OneValidApplication.SameMember), OneValidApplication.Violated(refused.ConstraintName));
    }
}
