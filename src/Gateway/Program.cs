using Habatan.Gateway;
using Habatan.Gateway.ApiReference;
using Habatan.Gateway.BrowserSession;
using Habatan.Gateway.Portal;
using Habatan.Gateway.Security;
using Habatan.ServiceDefaults.Input;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

// First: everything after it sees the client's address and scheme, not the load balancer's.
app.UseForwardedHeaders();
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
app.MapApiReference();
app.MapReverseProxy();

await app.RunAsync();

// For the gateway tests' WebApplicationFactory.
public partial class Program;
