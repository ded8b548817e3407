using Cartoon.Cli;

return await ConvertCommand.Build().Parse(args).InvokeAsync();
