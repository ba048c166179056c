using Habatan.Infrastructure.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace Habatan.Applications.Audit;

// The leaking request gets the same answer a suspended campaign gives (the tripwire has just
// suspended it), not a 500 and never the data.
public sealed class AccessLeakRefusedHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (exception is not AccessLeakRefusedException || httpContext.Response.HasStarted)
            return false;
        return await problems.WriteProblemAsync(
            httpContext,
            exception,
            StatusCodes.Status503ServiceUnavailable,
            Campaigns.CampaignProblems.SuspendedTitle,
            "再開まで、しばらくお待ちください。"
        );
    }
}
