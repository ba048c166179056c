namespace Habatan.Gateway.BrowserSession;

// Members' answer, passed to the browser unchanged: status, content type and body.
internal sealed class RelayedResponse(int status, string? contentType, byte[] body) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        if (body.Length == 0)
            return;
        httpContext.Response.ContentType = contentType;
        await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
