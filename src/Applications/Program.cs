using Habatan.Applications.Extensions;
using Habatan.Infrastructure.Diagnostics;
using Habatan.Infrastructure.Migrations;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationsServices();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync(ServiceName.Value, typeof(Program).Assembly);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapPipelineProbeApi(ServiceName.Value);

await app.RunAsync();
