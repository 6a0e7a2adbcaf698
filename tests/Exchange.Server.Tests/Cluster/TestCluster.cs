using Exchange.Client;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// A real etcd and three real exchange-server nodes on loopback, each in a temp folder of its own; the
/// tests start, kill, pause and restart them as an operator's mishaps would.
/// </summary>
internal sealed class TestCluster : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "exchange-cluster-" + Guid.NewGuid().ToString("N"));

    private TestCluster(EtcdServer etcd, IReadOnlyList<string> args)
    {
        Etcd = etcd;
        Nodes = [new NodeProcess(1, _root, etcd.Endpoint, args), new NodeProcess(2, _root, etcd.Endpoint, args), new NodeProcess(3, _root, etcd.Endpoint, args)];
    }

    public EtcdServer Etcd { get; }

    public NodeProcess[] Nodes { get; }

    public static async Task<TestCluster> StartAsync(params string[] args)
    {
        var cluster = new TestCluster(await EtcdServer.StartAsync(), args);
        return cluster;
    }

    public void StartAll()
    {
        foreach (var node in Nodes)
        {
            node.Start();
        }
    }

    /// <summary>The node that became primary of an epoch newer than <paramref name="after"/> and opened its gateway.</summary>
    public async Task<(NodeProcess Node, long Epoch)> WaitForPrimaryAsync(long after = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var node in Nodes)
            {
                foreach (var epoch in node.PrimaryEpochs())
                {
                    if (epoch > after && node.IsOpenAsPrimaryOf(epoch))
                    {
                        return (node, epoch);
                    }
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no primary newer than epoch {after}:\n" + string.Join("\n---\n", Nodes.Select(n => $"node {n.Id}:\n" + string.Join('\n', n.Lines.TakeLast(40)))));
    }

    /// <summary>A demo account's client that knows every node and reconnects to whichever answers.</summary>
    public ClientOptions ClientOptions(long account = 1001, string secret = "alice-secret") => new()
    {
        Endpoints = Nodes.Select(n => ("127.0.0.1", n.Port)).ToList(),
        Account = account,
        Secret = secret,
        AutoReconnect = true,
        MaxReconnectDelay = TimeSpan.FromMilliseconds(100),
    };

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }

        Etcd.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
