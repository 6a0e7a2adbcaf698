namespace Exchange.Cli;

/// <summary>What an exchange-cli run ended with.</summary>
internal static class CliExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;

    /// <summary>Could not connect or log in.</summary>
    public const int Connection = 2;

    /// <summary>The exchange rejected the command (the reason is printed).</summary>
    public const int Rejected = 3;

    /// <summary>No answer in time.</summary>
    public const int Timeout = 4;
}
