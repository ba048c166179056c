using System.Text;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Habatan.Gateway.Portal;

// The portal is static files from wwwroot: one folder per page (index.html), one stylesheet and
// small ES modules. "/mypage" is answered by "/mypage/index.html" after a redirect to "/mypage/".
// Pages get their shared chrome (PortalChrome) as they are read; everything else is served as is.
internal static class PortalPages
{
    public static IApplicationBuilder UsePortalPages(this IApplicationBuilder app)
    {
        var webRoot = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        var pages = new ChromedPages(webRoot);
        // Every page is composed once at start, so a page with an unknown chrome marker stops the
        // gateway from starting instead of failing when someone opens it.
        pages.ComposeAll("");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        return app.UseStaticFiles(
            new StaticFileOptions
            {
                FileProvider = pages,
                // Pages and scripts change together with a deployment; a browser checks for a newer
                // copy (a cheap 304) instead of mixing an old page with a new script.
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            }
        );
    }

    // wwwroot with each .html file composed with the chrome; other files pass through.
    private sealed class ChromedPages(IFileProvider files) : IFileProvider
    {
        // The chrome ships in the gateway's assembly: a page's ETag must change when it does.
        private static readonly DateTimeOffset ChromeChanged = File.GetLastWriteTimeUtc(
            typeof(PortalChrome).Assembly.Location
        );

        public IFileInfo GetFileInfo(string subpath)
        {
            var file = files.GetFileInfo(subpath);
            if (!file.Exists || file.IsDirectory || !subpath.EndsWith(".html", StringComparison.Ordinal))
                return file;
            using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
            var pagePath = subpath.EndsWith("/index.html", StringComparison.Ordinal)
                ? subpath[..^"index.html".Length]
                : subpath;
            var composed = Encoding.UTF8.GetBytes(PortalChrome.Compose(reader.ReadToEnd(), pagePath));
            var modified = file.LastModified > ChromeChanged ? file.LastModified : ChromeChanged;
            return new ComposedPage(file.Name, composed, modified);
        }

        public IDirectoryContents GetDirectoryContents(string subpath) => files.GetDirectoryContents(subpath);

        public IChangeToken Watch(string filter) => files.Watch(filter);

        public void ComposeAll(string directory)
        {
            foreach (var entry in files.GetDirectoryContents(directory))
            {
                var path = $"{directory}/{entry.Name}";
                if (entry.IsDirectory)
                    ComposeAll(path);
                else
                    GetFileInfo(path);
            }
        }
    }

    // No PhysicalPath, so the static file middleware streams these bytes rather than the file.
    private sealed class ComposedPage(string name, byte[] content, DateTimeOffset lastModified) : IFileInfo
    {
        public bool Exists => true;
        public long Length => content.Length;
        public string? PhysicalPath => null;
        public string Name => name;
        public DateTimeOffset LastModified => lastModified;
        public bool IsDirectory => false;

        public Stream CreateReadStream() => new MemoryStream(content, writable: false);
    }
}
