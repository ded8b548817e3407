using Cartoon.Engine;
using Cartoon.Processing.Messaging;
using Cartoon.ServiceDefaults;
using Cartoon.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("cartoon-worker");

builder.Services.AddCartoonEngine(builder.Configuration);
builder.Services.AddCartoonStorage(builder.Configuration);
builder.Services.AddCartoonBus(builder.Configuration, hostWorker: true);

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();

public partial class Program;
