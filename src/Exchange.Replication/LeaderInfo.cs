namespace Exchange.Replication;

/// <summary>Who leads now, as the coordination service says: node, epoch, and where its replication link and gateway listen ("host:port").</summary>
public sealed record LeaderInfo(long NodeId, long Epoch, string ReplicationEndpoint, string ClientEndpoint)
{
    /// <summary>The value stored under the leader key: "node|replication endpoint|client endpoint" (the epoch is the key's revision).</summary>
    public string Encode() => $"{NodeId}|{ReplicationEndpoint}|{ClientEndpoint}";

    public static LeaderInfo? Decode(string value, long epoch)
    {
        var parts = value.Split('|');
        return parts.Length == 3 && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var node)
            ? new LeaderInfo(node, epoch, parts[1], parts[2])
            : null;
    }
}
