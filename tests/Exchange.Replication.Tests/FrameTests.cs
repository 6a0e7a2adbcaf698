using System.Net;
using System.Net.Sockets;
using Exchange.Journal.Format;

namespace Exchange.Replication.Tests;

public sealed class FrameTests
{
    [Fact]
    public void Every_frame_reads_back_as_sent_and_an_impossible_length_is_refused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var a = new FrameLink(client);
        using var b = new FrameLink(listener.AcceptSocket()) { ReadTimeout = TimeSpan.FromSeconds(30) };
        var chain = new ChainPoint(41, new ChainValue(1, 2, 3, 4));

        a.SendHello(7, 9, chain);
        Assert.True(b.TryRead(out var type));
        Assert.Equal(FrameType.Hello, type);
        Assert.Equal(new ReplicationProtocol.Hello(ReplicationProtocol.Version, 7, 9, chain, TakesSnapshots: false), ReplicationProtocol.ReadHello(b.Payload));
        Assert.False(ReplicationProtocol.ReadHello(b.Payload[..^1]).TakesSnapshots); // a Hello without the flags byte (the first version) takes none

        a.SendHello(7, 9, chain, takesSnapshots: true);
        Assert.True(b.TryRead(out type));
        Assert.True(ReplicationProtocol.ReadHello(b.Payload).TakesSnapshots);

        a.SendSnapshotChunk(9, ReplicationProtocol.SnapshotFileKind.ReadModels, 1 << 20, [5, 6]);
        Assert.True(b.TryRead(out type));
        Assert.Equal(FrameType.SnapshotChunk, type);
        Assert.Equal((9L, ReplicationProtocol.SnapshotFileKind.ReadModels, 1L << 20), ReplicationProtocol.ReadSnapshotChunk(b.Payload));
        Assert.Equal(new byte[] { 5, 6 }, b.Payload[ReplicationProtocol.SnapshotChunkHeaderSize..].ToArray());

        a.SendSnapshotEnd(9, 41);
        Assert.True(b.TryRead(out type));
        Assert.Equal(FrameType.SnapshotEnd, type);
        Assert.Equal((9L, 41L), ReplicationProtocol.ReadSnapshotEnd(b.Payload));

        a.SendBatch(9, [1, 2, 3], 39, 3, chain);
        Assert.True(b.TryRead(out type));
        Assert.Equal(FrameType.Batch, type);
        Assert.Equal(new BatchFrame(9, 39, 3, chain), BatchFrame.Read(b.Payload));
        Assert.Equal(new byte[] { 1, 2, 3 }, b.Payload[ReplicationProtocol.BatchHeaderSize..].ToArray());

        a.SendRewind(9, chain);
        Assert.True(b.TryRead(out type));
        Assert.Equal((9L, chain), ReplicationProtocol.ReadRewind(b.Payload));

        a.SendRefused(RefusalReason.StaleEpoch, "older");
        Assert.True(b.TryRead(out type));
        Assert.Equal((RefusalReason.StaleEpoch, "older"), ReplicationProtocol.ReadRefused(b.Payload));

        a.SendAck(41);
        Assert.True(b.TryRead(out _));
        Assert.Equal(41, ReplicationProtocol.ReadAck(b.Payload));

        Assert.Throws<ReplicationProtocolException>(() => BatchFrame.Read(new byte[ReplicationProtocol.BatchHeaderSize])); // no records claimed

        client.Send(BitConverter.GetBytes(-5)); // an impossible length
        Assert.Throws<ReplicationProtocolException>(() => b.TryRead(out _));
    }
}
