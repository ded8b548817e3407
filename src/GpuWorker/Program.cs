using Cartoon.Engine;
using Cartoon.GpuWorker.Extensions;
using Cartoon.Processing.Messaging;
using Cartoon.ServiceDefaults;
using Cartoon.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddCartoonObservability("cartoon-worker");

builder.Services.AddCartoonEngine(builder.Configuration);
builder.Services.AddCartoonStorage(builder.Configuration);
builder.Services.AddCartoonBus(builder.Configuration, hostWorker: true);
builder.AddWorkerHealth();

var app = builder.Build();

app.MapWorkerHealth();
app.MapCartoonMetrics();

app.Run();

public partial class Program;
