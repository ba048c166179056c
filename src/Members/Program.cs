using Habatan.Infrastructure;
using Habatan.Members.Audiences;
using Habatan.Members.Audit;
using Habatan.Members.Entitlements;
using Habatan.Members.Extensions;
using Habatan.Members.Identity;
using Habatan.Members.Imports;
using Habatan.Members.Roles;
using Habatan.Members.SignIn;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMembersServices();

var app = builder.Build();

await app.UseServiceInfrastructureAsync(ServiceName.Value, typeof(Program).Assembly);
await app.Services.ApplyConfiguredRoleGrantsAsync();

app.MapSignInApi();
app.MapMeApi();
app.MapRolesApi();
app.MapImportsApi();
app.MapEntitlementsApi();
app.MapAudiencesApi();
app.MapAuditApi();

await app.RunAsync();
