using Cartoon.Bench;

return await BenchCommand.RunAsync(args);
