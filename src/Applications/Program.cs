using Habatan.Infrastructure;
using Habatan.Applications.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationsServices();

var app = builder.Build();

await app.UseServiceInfrastructureAsync(ServiceName.Value, typeof(Program).Assembly);

await app.RunAsync();
