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

await app.UseServiceInfrastructureAsync(ServiceName.Value, typeof(Program).Assembly);

app.MapCampaignsApi();
app.MapCampaignOpsApi();
app.MapSubmissionsApi();
app.MapMyPageApi();
app.MapReviewApi();
app.MapAuditApi();

await app.RunAsync();

// For the service tests' WebApplicationFactory.
public partial class Program;
