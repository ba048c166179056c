namespace Habatan.Applications;

public static class CallerExtensions
{
    // The caller is whoever the validated token names; the endpoints' policies guarantee a
    // subject is there. Never a header, a route value or a body field.
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirstValue(TokenParameters.SubjectClaim)
        ?? throw new InvalidOperationException("An authorised caller without a subject.");
}
