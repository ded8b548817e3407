using Cartoon.Gateway.Extensions;
using Cartoon.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayObservability();
builder.AddGatewayMode();
builder.AddGatewayApi();
builder.AddGatewayAuth();
builder.AddGatewayRateLimits();
builder.AddBackpressure();
builder.AddJobs();
builder.AddVideos();
builder.AddImageUrls();
builder.AddJobStreams();
builder.AddWebhooks();

var app = builder.Build();

// `Cartoon.Gateway migrate`: apply the database migrations and exit (the chart's pre-upgrade Job, compose's migrate step).
if (args is [DatabaseCommands.Migrate, ..])
    return await app.MigrateDatabaseAsync();

app.MapGatewayApi();
app.MapWebUi();
app.MapDefaultEndpoints();

app.Run();
return 0;

public partial class Program;
