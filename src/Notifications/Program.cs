using Habatan.Infrastructure;
using Habatan.Notifications.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNotificationsServices();

var app = builder.Build();

await app.UseServiceInfrastructureAsync(ServiceName.Value, typeof(Program).Assembly);
app.MapNotificationsApis();

await app.RunAsync();
