using Exchange.LatencyHarness;

// Client receive loops, the server's sessions and the engine's hand-offs all run on the thread pool;
// with its default minimum (one thread per core) a burst queues work behind the pool's slow thread
// injection and the run measures that instead of the exchange.
ThreadPool.GetMinThreads(out var workers, out var completionPorts);
ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completionPorts, 32));

var interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
return await HarnessCommand.RunAsync(args, Console.Out, Console.Error, interactive);
