namespace Habatan.Applications.Tests.Support;

// The cast of a leak: an open campaign, a member who applied (the victim) and another member
// (the snooper) who should never see the victim's application, whose internal id is here too.
public sealed record LeakScene(string Code, Applicant Victim, Answer Submitted, Applicant Snooper, long ApplicationId)
{
    public static async Task<LeakScene> SetUpAsync(ApplicationsService service)
    {
        var code = await new Ops(service).OpenCampaignAsync();
        var victim = new Applicant(service);
        var submitted = await victim.SubmitAsync(victim.Form(code));
        var id = await service.ScalarAsync("SELECT id FROM application WHERE public_id = $1", submitted.StoredNumber);
        return new(code, victim, submitted, new Applicant(service), id);
    }
}
