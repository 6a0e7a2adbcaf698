using Exchange.JournalTools;

var context = new ToolContext(Console.Out, Console.Error, interactive: !Console.IsErrorRedirected && !Console.IsOutputRedirected);
return JournalToolsCommand.Run(args, context);
