using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Habatan.Applications.Tests.Diagnostics;

// The "Habatan" meter counts what ops watch after incident 1: submissions by outcome,
// duplicates by rule, and requests for an application the caller may not see.
[Collection(ServersCollection.Name)]
public sealed class MetricsTests(ServersFixture servers) : OpenCampaignTests(servers)
{
    [Fact]
    public async Task SubmissionsDuplicatesAndDeniedAccessesAreCounted()
    {
        var counted = new ConcurrentQueue<(string Instrument, string Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (
                    instrument.Meter.Name == "Habatan"
                    && instrument.Name.StartsWith("habatan.applications.", StringComparison.Ordinal)
                )
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>(
            (instrument, _, tags, _) =>
                counted.Enqueue((instrument.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))))
        );
        listener.Start();
        var member = new Applicant(Service);
        var intruder = new Applicant(Service);

        var valid = await member.SubmitAsync(member.Form(Code));
        await member.SubmitAsync(member.Form(Code));
        await intruder.CorrectAsync(valid.Number, new { note = "x" });

        Assert.Contains(("habatan.applications.submissions", "outcome=valid"), counted);
        Assert.Contains(("habatan.applications.submissions", "outcome=invalid"), counted);
        Assert.Contains(("habatan.applications.duplicates", "rule=member"), counted);
        Assert.Contains(("habatan.applications.denied_accesses", "route=mypage-correction"), counted);
    }

    [Fact]
    public async Task AMalformedCorrectionIsAClientErrorNotAServerError()
    {
        var member = new Applicant(Service);
        var valid = await member.SubmitAsync(member.Form(Code));
        using var client = member.Client();

        using var response = await client.PostAsync(
            new Uri($"/api/mypage/applications/{valid.Number}/correction", UriKind.Relative),
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            "送信された内容を読み取れませんでした。",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
        );
        Assert.Equal(
            "Submitted",
            await Service.TextAsync("SELECT status FROM application WHERE public_id = $1", valid.StoredNumber)
        );
    }
}
