using Cartoon.Cli;

var root = ConvertCommand.Build();
root.Subcommands.Add(KeysCommand.Build());
root.Subcommands.Add(DbCommand.Build());
return await root.Parse(args).InvokeAsync();
