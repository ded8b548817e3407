using Cartoon.Engine;
using Cartoon.ServiceDefaults;
using Cartoon.Storage;
using Cartoon.Worker;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("cartoon-worker");

builder.Services.AddCartoonEngine(builder.Configuration);
builder.Services.AddCartoonStorage(builder.Configuration);
builder.Services.AddCartoonWorker(builder.Configuration);

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();

public partial class Program;
