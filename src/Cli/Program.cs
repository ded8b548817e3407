using Cartoon.Cli;
using Cartoon.Cli.Models;

var root = ConvertCommand.Build();
root.Subcommands.Add(KeysCommand.Build());
root.Subcommands.Add(DbCommand.Build());
root.Subcommands.Add(ModelsCommand.Build());
return await root.Parse(args).InvokeAsync();
