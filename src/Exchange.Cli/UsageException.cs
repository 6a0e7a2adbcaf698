namespace Exchange.Cli;

/// <summary>A command-line value the server's reference data refutes (an unknown symbol): exit code 1 with the reason, never a stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);
