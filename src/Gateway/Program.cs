using Cartoon.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayMode();
builder.AddGatewayApi();
builder.AddJobs();
builder.AddWebhooks();
builder.AddGatewayHealth();

var app = builder.Build();

app.MapGatewayApi();
app.MapGatewayHealth();

app.Run();

public partial class Program;
