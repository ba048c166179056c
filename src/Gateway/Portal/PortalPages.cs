using Microsoft.Net.Http.Headers;

namespace Habatan.Gateway.Portal;

// The portal is static files from wwwroot: one folder per page (index.html), one stylesheet and
// small ES modules. "/mypage" is answered by "/mypage/index.html" after a redirect to "/mypage/".
internal static class PortalPages
{
    public static IApplicationBuilder UsePortalPages(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        return app.UseStaticFiles(new StaticFileOptions
        {
            // Pages and scripts change together with a deployment; a browser checks for a newer
            // copy (a cheap 304) instead of mixing an old page with a new script.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
