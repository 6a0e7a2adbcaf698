using System.Globalization;
using System.Net;

namespace Exchange.Server.Hosting;

/// <summary>Checks every setting before the server touches the data folder; each problem is one readable sentence.</summary>
internal static class ServerSettingsValidator
{
    public static List<string> Problems(ServerSettings s)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(s.DataDirectory))
        {
            problems.Add("DataDirectory is empty");
        }

        if (!IPAddress.TryParse(s.Address, out _))
        {
            problems.Add($"Address '{s.Address}' is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)");
        }

        if (s.Port is < 0 or > 65535)
        {
            problems.Add($"Port {s.Port} is out of range (0-65535; 0 picks a free port)");
        }

        TlsProblems(problems, s);
        ReplicationTlsProblems(problems, s);
        if (string.IsNullOrEmpty(s.EtcdTlsCaFile) && (!string.IsNullOrEmpty(s.EtcdTlsCertificateFile) || !string.IsNullOrEmpty(s.EtcdTlsKeyFile)))
        {
            problems.Add("EtcdTlsCertificateFile and EtcdTlsKeyFile need EtcdTlsCaFile (TLS to etcd)");
        }
        else if (string.IsNullOrEmpty(s.EtcdTlsCertificateFile) != string.IsNullOrEmpty(s.EtcdTlsKeyFile))
        {
            problems.Add("EtcdTlsCertificateFile and EtcdTlsKeyFile go together: give both or neither");
        }
        OneOf<Engine.Durability>(problems, nameof(s.Durability), s.Durability);
        OneOf<Engine.PipelineTopology>(problems, nameof(s.Topology), s.Topology);
        OneOf<Engine.PipelineWait>(problems, nameof(s.PipelineWait), s.PipelineWait);
        OneOf<Replication.ReplicationMode>(problems, nameof(s.Replication), s.Replication);
        OneOf<Replication.LinkLossPolicy>(problems, nameof(s.ReplicationLinkLoss), s.ReplicationLinkLoss);
        if (s.NodeId < 0)
        {
            problems.Add($"NodeId {s.NodeId} is negative (0 runs a single node)");
        }

        if (s.ReplicationPort is < 0 or > 65535)
        {
            problems.Add($"ReplicationPort {s.ReplicationPort} is out of range (0-65535)");
        }
        else if (s.NodeId > 0 && (s.ReplicationPort == s.Port || s.ReplicationPort == s.HttpPort) && s.ReplicationPort != 0)
        {
            problems.Add($"ReplicationPort {s.ReplicationPort} is the gateway's Port or the HttpPort too");
        }

        Positive(problems, nameof(s.ReplicationQuorum), s.ReplicationQuorum);
        Positive(problems, nameof(s.ReplicationBacklogMegabytes), s.ReplicationBacklogMegabytes);
        if (s.ReplicationSnapshotCatchUpCommands < 0)
        {
            problems.Add($"ReplicationSnapshotCatchUpCommands {s.ReplicationSnapshotCatchUpCommands} is negative (0 sends a snapshot only when the journal cannot serve)");
        }
        if (s.ReplicationAdvertise.Length > 0 && !(s.ReplicationAdvertise.LastIndexOf(':') is var colon and > 0
            && int.TryParse(s.ReplicationAdvertise.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var advertised) && advertised is > 0 and <= 65535))
        {
            problems.Add($"ReplicationAdvertise '{s.ReplicationAdvertise}' is not host:port");
        }

        Positive(problems, nameof(s.ReplicationDegradeAfterMilliseconds), s.ReplicationDegradeAfterMilliseconds);
        Positive(problems, nameof(s.LeaseTtlSeconds), s.LeaseTtlSeconds);
        if (s.NodeId > 0)
        {
            foreach (var endpoint in s.EtcdEndpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).DefaultIfEmpty(""))
            {
                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out _))
                {
                    problems.Add($"EtcdEndpoints '{endpoint}' is not an absolute URI (e.g. http://127.0.0.1:2379)");
                }
            }
        }

        EventsProblems(problems, s);
        Positive(problems, nameof(s.HeartbeatSeconds), s.HeartbeatSeconds);
        Positive(problems, nameof(s.MaxConnections), s.MaxConnections);
        Positive(problems, nameof(s.MaxSessionsPerAccount), s.MaxSessionsPerAccount);
        Positive(problems, nameof(s.MaxUnauthenticated), s.MaxUnauthenticated);
        Positive(problems, nameof(s.MaxUnauthenticatedPerAddress), s.MaxUnauthenticatedPerAddress);
        Positive(problems, nameof(s.LoginTimeoutSeconds), s.LoginTimeoutSeconds);
        Positive(problems, nameof(s.ThrottleRatePerSecond), s.ThrottleRatePerSecond);
        Positive(problems, nameof(s.ThrottleBurst), s.ThrottleBurst);
        Positive(problems, nameof(s.ThrottleDisconnectAfter), s.ThrottleDisconnectAfter);
        Positive(problems, nameof(s.ResendWindow), s.ResendWindow);
        Positive(problems, nameof(s.MaxQueuedBytes), s.MaxQueuedBytes);
        Positive(problems, nameof(s.ExpectedOrders), s.ExpectedOrders);
        Positive(problems, nameof(s.ExpectedAccounts), s.ExpectedAccounts);
        Positive(problems, nameof(s.SnapshotsToKeep), s.SnapshotsToKeep);
        if (s.SnapshotIntervalSeconds < 0)
        {
            problems.Add($"SnapshotIntervalSeconds {s.SnapshotIntervalSeconds} is negative (0 turns it off)");
        }

        if (s.SnapshotEveryCommands < 0)
        {
            problems.Add($"SnapshotEveryCommands {s.SnapshotEveryCommands} is negative (0 turns it off)");
        }

        if (s.HttpPort is < -1 or > 65535)
        {
            problems.Add($"HttpPort {s.HttpPort} is out of range (0-65535; 0 picks a free port, -1 turns HTTP off)");
        }

        if (s.HttpPort >= 0 && s.HttpPort == s.Port && s.Port != 0)
        {
            problems.Add($"HttpPort {s.HttpPort} is the gateway's Port too");
        }

        if (s.OtlpEndpoint.Length > 0 && !Uri.TryCreate(s.OtlpEndpoint, UriKind.Absolute, out _))
        {
            problems.Add($"OtlpEndpoint '{s.OtlpEndpoint}' is not an absolute URI (e.g. http://localhost:4317)");
        }

        if (s.TraceOneOrderIn < 0)
        {
            problems.Add($"TraceOneOrderIn {s.TraceOneOrderIn} is negative (0 traces no order)");
        }

        if (s.ArchiveJournalAfterMinutes < 0)
        {
            problems.Add($"ArchiveJournalAfterMinutes {s.ArchiveJournalAfterMinutes} is negative (0 archives at once)");
        }

        if (s.MaxLiveArchivableMegabytes < 0)
        {
            problems.Add($"MaxLiveArchivableMegabytes {s.MaxLiveArchivableMegabytes} is negative (0 means no limit)");
        }

        if (s.TimeTickMilliseconds < 0)
        {
            problems.Add($"TimeTickMilliseconds {s.TimeTickMilliseconds} is negative (0 turns it off)");
        }

        foreach (var account in s.Accounts)
        {
            if (account.Id <= 0 || string.IsNullOrEmpty(account.Secret) == string.IsNullOrEmpty(account.SecretHash))
            {
                problems.Add($"account {account.Id} needs a positive Id and either a Secret or a SecretHash");
            }
            else if (!string.IsNullOrEmpty(account.SecretHash) && !Gateway.Accounts.SecretHashText.TryParse(account.SecretHash, out _, out var why))
            {
                problems.Add($"account {account.Id}: SecretHash is {why} (exchange-server --hash-secret makes one)");
            }

            foreach (var network in account.AllowedNetworks)
            {
                if (!System.Net.IPNetwork.TryParse(network, out _))
                {
                    problems.Add($"account {account.Id}: AllowedNetworks entry '{network}' is not a network in CIDR form (10.1.0.0/16, 127.0.0.1/32)");
                }
            }
        }

        foreach (var asset in s.Assets)
        {
            if (asset.Id is <= 0 or > 1023 || string.IsNullOrWhiteSpace(asset.Symbol) || System.Text.Encoding.UTF8.GetByteCount(asset.Symbol) > 32 || asset.Decimals is < 0 or > 18)
            {
                problems.Add($"asset {asset.Id} needs an Id of 1..1023, a Symbol of 1..32 UTF-8 bytes and Decimals of 0..18");
            }
        }

        return problems;
    }

    /// <summary>Both TLS files or neither; each readable; the pair a certificate with its key; the client roots readable.</summary>
    private static void TlsProblems(List<string> problems, ServerSettings s)
    {
        if (string.IsNullOrEmpty(s.TlsCertificateFile) != string.IsNullOrEmpty(s.TlsKeyFile))
        {
            problems.Add("TlsCertificateFile and TlsKeyFile go together: give both or neither");
            return;
        }

        if (string.IsNullOrEmpty(s.TlsCertificateFile))
        {
            if (!string.IsNullOrEmpty(s.TlsClientCaFile))
            {
                problems.Add("TlsClientCaFile needs TLS: give TlsCertificateFile and TlsKeyFile too");
            }

            return;
        }

        try
        {
            _ = Gateway.GatewayTls.FromPemFiles(s.TlsCertificateFile, s.TlsKeyFile, string.IsNullOrEmpty(s.TlsClientCaFile) ? null : s.TlsClientCaFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            problems.Add($"TLS: cannot use {s.TlsCertificateFile} with {s.TlsKeyFile}{(string.IsNullOrEmpty(s.TlsClientCaFile) ? string.Empty : " and " + s.TlsClientCaFile)}: {ex.Message}");
        }
    }

    /// <summary>The three replication TLS files together or none; readable; the certificate with its key.</summary>
    private static void ReplicationTlsProblems(List<string> problems, ServerSettings s)
    {
        string[] files = [s.ReplicationTlsCertificateFile, s.ReplicationTlsKeyFile, s.ReplicationTlsCaFile];
        var given = files.Count(f => !string.IsNullOrEmpty(f));
        if (given == 0)
        {
            return;
        }

        if (given != 3)
        {
            problems.Add("ReplicationTlsCertificateFile, ReplicationTlsKeyFile and ReplicationTlsCaFile go together: give all three or none");
            return;
        }

        try
        {
            _ = Replication.ReplicationTls.FromPemFiles(s.ReplicationTlsCertificateFile, s.ReplicationTlsKeyFile, s.ReplicationTlsCaFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            problems.Add($"replication TLS: cannot use {s.ReplicationTlsCertificateFile} with {s.ReplicationTlsKeyFile} and {s.ReplicationTlsCaFile}: {ex.Message}");
        }
    }

    /// <summary>A name of <typeparamref name="TEnum"/>, in any case; not a number (Enum.TryParse would take one).</summary>
    private static void OneOf<TEnum>(List<string> problems, string name, string value)
        where TEnum : struct, Enum
    {
        if (!Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed)
            || int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"{name} '{value}' is not one of {string.Join(", ", Enum.GetNames<TEnum>()).ToLowerInvariant()}");
        }
    }

    private static void Positive(List<string> problems, string name, long value)
    {
        if (value <= 0)
        {
            problems.Add($"{name} {value} must be positive");
        }
    }

    private static readonly System.Buffers.SearchValues<char> NotInStreamNames = System.Buffers.SearchValues.Create(" \t.*>/\\");
    private static readonly System.Buffers.SearchValues<char> NotInSubjects = System.Buffers.SearchValues.Create(" \t*>");

    private static void EventsProblems(List<string> problems, ServerSettings s)
    {
        if (s.EventsUrl.Length > 0 && !(Uri.TryCreate(s.EventsUrl, UriKind.Absolute, out var url) && url.Scheme is "nats" or "tls" or "ws" or "wss"))
        {
            problems.Add($"EventsUrl '{s.EventsUrl}' is not a NATS URL (e.g. nats://127.0.0.1:4222)");
        }

        if (s.EventsOnly && s.EventsUrl.Length == 0)
        {
            problems.Add("EventsOnly needs EventsUrl: the relay has nowhere to publish");
        }

        if (s.EventsOnly && s.NodeId > 0)
        {
            problems.Add("EventsOnly runs no engine: it cannot also be cluster node " + s.NodeId.ToString(CultureInfo.InvariantCulture));
        }

        if (s.EventsStream.Length == 0 || s.EventsStream.AsSpan().IndexOfAny(NotInStreamNames) >= 0)
        {
            problems.Add($"EventsStream '{s.EventsStream}' is not a stream name (letters, digits, '-' and '_'; no spaces, '.', '*', '>', '/')");
        }

        if (s.EventsSubjectPrefix.Length == 0 || s.EventsSubjectPrefix.AsSpan().IndexOfAny(NotInSubjects) >= 0 || s.EventsSubjectPrefix.StartsWith('.') || s.EventsSubjectPrefix.EndsWith('.')
            || s.EventsSubjectPrefix.Contains("..", StringComparison.Ordinal))
        {
            problems.Add($"EventsSubjectPrefix '{s.EventsSubjectPrefix}' is not a subject prefix (tokens separated by '.', no spaces or wildcards)");
        }

        if (s.EventsMaxAgeHours < 0)
        {
            problems.Add($"EventsMaxAgeHours {s.EventsMaxAgeHours} is negative (0 keeps events without an age limit)");
        }

        if (s.EventsMaxMegabytes < 0)
        {
            problems.Add($"EventsMaxMegabytes {s.EventsMaxMegabytes} is negative (0 sets no size limit)");
        }

        Positive(problems, nameof(s.EventsReplicas), s.EventsReplicas);
        Positive(problems, nameof(s.EventsFirstSequence), s.EventsFirstSequence);
        Positive(problems, nameof(s.EventsHealthyLagSeconds), s.EventsHealthyLagSeconds);
    }
}
