using Cartoon.Bench;

return args is ["jobs", ..] ? await JobsBench.RunAsync(args[1..]) : await BenchCommand.RunAsync(args);
