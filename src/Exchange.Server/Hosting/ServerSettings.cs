namespace Exchange.Server.Hosting;

/// <summary>The "Exchange" configuration section (appsettings.json, EXCHANGE__* environment variables, flags).</summary>
public sealed class ServerSettings
{
    public string DataDirectory { get; set; } = "data";

    public string Address { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 7001;

    public string Durability { get; set; } = "Sync";

    public int HeartbeatSeconds { get; set; } = 5;

    public long SnapshotEveryCommands { get; set; } = 100_000;

    /// <summary>On an empty journal, add the demo instruments and fund the demo accounts.</summary>
    public bool SeedDemo { get; set; } = true;

    public List<AccountSetting> Accounts { get; set; } = [];
}

/// <summary>An account allowed to log in. Secrets in configuration are a demo convenience; production would read hashes.</summary>
public sealed class AccountSetting
{
    public long Id { get; set; }

    public string Secret { get; set; } = string.Empty;

    public bool Admin { get; set; }
}
