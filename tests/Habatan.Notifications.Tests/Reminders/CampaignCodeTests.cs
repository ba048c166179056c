using System.Net;
using System.Net.Http.Json;
using Habatan.Contracts.Campaigns;

namespace Habatan.Notifications.Tests.Reminders;

// One campaign-code rule across services (Contracts/Campaigns/CampaignCode): a reminder
// for "HABATAN-2026" would ask Members for an audience of a campaign whose
// entitlements are stored as "habatan-2026" and quietly find nobody, or another campaign. The
// create is refused with the field named, and the database refuses the rest.
[Collection(ServersCollection.Name)]
public sealed class CampaignCodeTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Theory]
    [InlineData("HABATAN-2026")]
    [InlineData(" hp4-kosodate-2 ")]
    [InlineData("hp4_kosodate_2")]
    public async Task ACampaignCodeInAnotherSpellingIsRefusedAtCreation(string code)
    {
        var request = ReminderDriver.Request(ReminderDriver.NewSubject("code"), declared: 10) with
        {
            CampaignCode = code,
        };
        using var client = _driver.Operator;
        using var response = await client.PostAsJsonAsync("/api/notifications/ops/reminders", request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Equal([CampaignCode.Rule], problem!.Errors["campaignCode"]);
        Assert.Single(problem.Errors);
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync("SELECT count(*) FROM reminder WHERE subject = $1", request.Subject!)
        );
    }

    [Theory]
    [InlineData("HABATAN-2026")]
    [InlineData("hp4-kosodate-2 ")]
    public async Task TheDatabaseRefusesAnotherSpellingWrittenDirectly(string code)
    {
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            servers.Service.ScalarAsync(
                """
                INSERT INTO reminder (id, name, audience, campaign_code, subject, body, channels, send_from, send_until,
                    messages_per_second, seed_list, requested_by)
                VALUES (gen_random_uuid(), 'n', 'won-not-fully-charged', $1, 's', 'b', ARRAY['email'], now(),
                    now() + interval '1 hour', 10, ARRAY['seed@habatan.example.jp'], 'ops')
                """,
                code
            )
        );

        Assert.Equal(
            (Npgsql.PostgresErrorCodes.CheckViolation, "reminder_campaign_code_check"),
            (refused.SqlState, refused.ConstraintName)
        );
    }
}
