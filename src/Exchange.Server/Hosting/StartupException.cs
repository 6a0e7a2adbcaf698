namespace Exchange.Server.Hosting;

/// <summary>
/// Start-up cannot go on for a reason the operator must fix: carries the one line to print and the
/// exit code. Thrown before anything is written to the data folder when the reason is configuration.
/// </summary>
public sealed class StartupException : Exception
{
    public StartupException(string message)
        : this(ServerExitCodes.Configuration, message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ServerExitCodes.Configuration;
    }

    public StartupException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
