using Habatan.Infrastructure;
using Habatan.Members.Audit;
using Habatan.Members.Extensions;
using Habatan.Members.Identity;
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
app.MapOpsApi();
app.MapAuditApi();

await app.RunAsync();
