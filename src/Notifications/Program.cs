using Habatan.Infrastructure;
using Habatan.Notifications.Deliveries;
using Habatan.Notifications.Extensions;
using Habatan.Notifications.MemberInbox;
using Habatan.Notifications.Reminders;
using Habatan.Notifications.Reminders.Series;
using Habatan.Notifications.Reports;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNotificationsServices();

var app = builder.Build();

await app.UseServiceInfrastructureAsync(ServiceName.Value, typeof(Program).Assembly);

app.MapRemindersApi();
app.MapReminderApprovalApi();
app.MapReminderSeriesApi();
app.MapMemberDeliveriesApi();
app.MapReminderReportApi();
app.MapMemberInboxApi();

await app.RunAsync();
