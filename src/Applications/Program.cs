using Habatan.Applications.Audit;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Extensions;
using Habatan.Applications.MyPage;
using Habatan.Applications.Review;
using Habatan.Applications.Submissions;
using Habatan.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationsServices();

var app = builder.Build();

// Migrations/NNNN_*.sql, in order, never edited once applied. 0001 holds the whole first schema
// (databases have it, so it stays as it is); each later change is one migration of its own, named
// for that change, as in Members and Notifications (0003_campaign_code_rule.sql).
await app.UseServiceInfrastructureAsync(ServiceName.Value, typeof(Program).Assembly);

app.MapCampaignsApi();
app.MapCampaignOpsApi();
app.MapSubmissionsApi();
app.MapMyPageApi();
app.MapReviewApi();
app.MapAuditApi();
app.MapBreachScopeApi();

await app.RunAsync();

// For the service tests' WebApplicationFactory.
public partial class Program;
