using Cartoon.Cli;

var root = ConvertCommand.Build();
root.Subcommands.Add(KeysCommand.Build());
return await root.Parse(args).InvokeAsync();
