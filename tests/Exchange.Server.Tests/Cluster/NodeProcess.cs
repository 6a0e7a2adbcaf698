using Exchange.Testing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Exchange.Server.Tests.Cluster;

/// <summary>One real exchange-server process of a test cluster: its ports, its data folder and every line it has logged.</summary>
internal sealed partial class NodeProcess(int id, string root, string etcd, IReadOnlyList<string> extraArgs) : ServerProcess
{
    public int Id { get; } = id;

    public int Port { get; } = FreePorts.Next();

    public int ReplicationPort { get; } = FreePorts.Next();

    public int HttpPort { get; } = FreePorts.Next();

    public string DataDirectory { get; } = Path.Combine(root, $"node{id}");

    public string JournalDirectory => Path.Combine(DataDirectory, "journal");

    /// <summary>Arguments added on the next start (e.g. a replication address behind a proxy).</summary>
    public List<string> NextStartArgs { get; } = [];

    protected override string Name => $"node {Id}";

    public void Start() => Start((string[])["--node-id", Id.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDirectory,
        "--port", Port.ToString(CultureInfo.InvariantCulture), "--replication-port", ReplicationPort.ToString(CultureInfo.InvariantCulture),
        "--http-port", HttpPort.ToString(CultureInfo.InvariantCulture), "--etcd-endpoints", etcd, "--lease-ttl-seconds", "1",
        "--heartbeat-seconds", "1", .. extraArgs, .. NextStartArgs]);

    /// <summary>The epochs this node has become primary of, in order (from its log).</summary>
    public List<long> PrimaryEpochs()
    {
        var epochs = new List<long>();
        foreach (var line in Lines)
        {
            if (PrimaryLine().Match(line) is { Success: true } m)
            {
                epochs.Add(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return epochs;
    }

    /// <summary>The journal's last sequence when the node became primary of <paramref name="epoch"/> (its LeaderEpoch command is the next).</summary>
    public long PromotedAtSequence(long epoch)
    {
        foreach (var line in Lines)
        {
            if (PrimaryLine().Match(line) is { Success: true } m && long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == epoch)
            {
                return long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"node {Id} never became primary of epoch {epoch}");
    }

    /// <summary>True once the node logged its ready line after becoming primary of <paramref name="epoch"/>.</summary>
    public bool IsOpenAsPrimaryOf(long epoch)
    {
        var seen = false;
        foreach (var line in Lines)
        {
            if (PrimaryLine().Match(line) is { Success: true } m)
            {
                seen = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == epoch;
            }
            else if (seen && line.Contains("Exchange ready on", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The sequence of the node's PRIMARY line for <paramref name="epoch"/> and the sequence its ready line after it names (null until both are logged).</summary>
    public (long Promoted, long Ready)? PromotionAndReadySequences(long epoch)
    {
        long? promoted = null;
        foreach (var line in Lines)
        {
            if (PrimaryLine().Match(line) is { Success: true } m)
            {
                promoted = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == epoch ? long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
            }
            else if (promoted is { } at && TookOverLine().Match(line) is { Success: true } ready)
            {
                return (at, long.Parse(ready.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    [GeneratedRegex(@"Exchange ready on .* took over at sequence (\d+)")]
    private static partial Regex TookOverLine();

    [GeneratedRegex(@"node \d+ is the PRIMARY of epoch (\d+) from sequence (\d+)")]
    private static partial Regex PrimaryLine();
}
