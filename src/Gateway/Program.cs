using Habatan.Gateway;
using Habatan.Gateway.ApiReference;
using Habatan.Gateway.BrowserSession;
using Habatan.Gateway.Portal;
using Habatan.Gateway.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UsePortalPages();
app.UseMiddleware<DoubleSubmitCheck>();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapBrowserSessionApi();
app.MapApiReference();
app.MapReverseProxy();

await app.RunAsync();
