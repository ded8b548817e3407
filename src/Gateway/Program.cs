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
builder.AddWebhooks();
builder.AddGatewayHealth();

var app = builder.Build();

app.MapGatewayApi();
app.MapWebUi();
app.MapGatewayHealth();
app.MapCartoonMetrics();

app.Run();

public partial class Program;
