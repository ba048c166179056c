using Habatan.Gateway;
using Habatan.Gateway.BrowserSession;
using Habatan.Gateway.Portal;
using Habatan.Gateway.Security;
using Habatan.ServiceDefaults.Input;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseInputRules();
app.UsePortalPages();
app.UseMiddleware<DoubleSubmitCheck>();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapBrowserSessionApi();
app.MapReverseProxy();

await app.RunAsync();
