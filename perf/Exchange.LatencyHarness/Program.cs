using Exchange.LatencyHarness;

var interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
return await HarnessCommand.RunAsync(args, Console.Out, Console.Error, interactive);
