using Habatan.Infrastructure.Diagnostics;
using Habatan.Infrastructure.Migrations;
using Habatan.Members.Extensions;
using Habatan.Members.Identity;
using Habatan.Members.Roles;
using Habatan.Members.SignIn;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMembersServices();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync(ServiceName.Value, typeof(Program).Assembly);
await app.Services.ApplyConfiguredRoleGrantsAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapPipelineProbeApi(ServiceName.Value);
app.MapSignInApi();
app.MapMeApi();
app.MapRolesApi();

await app.RunAsync();
