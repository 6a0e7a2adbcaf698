using Exchange.Cli;

return CliCommand.Run(args, Console.Out, Console.Error);
