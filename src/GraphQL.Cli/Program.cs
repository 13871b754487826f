using Es.GraphQL.Cli;

return await ValidateCommand.RunAsync(args, Console.Out, Console.Error);
