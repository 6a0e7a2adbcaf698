using System.Buffers.Binary;
using Exchange.Core.Orders;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;
using Exchange.Testing;

namespace Exchange.IntegrationTests;

/// <summary>
/// When the journal stalls and the engine's input ring fills, the gateway answers each further order
/// at once with a Busy reject naming it, instead of holding a thread until there is room; the
/// session stays, and once the disk answers again the accepted orders are processed.
/// </summary>
public sealed class BusyTests
{
    [Fact]
    public async Task A_full_input_ring_is_answered_with_Busy_and_the_session_carries_on()
    {
        using var disk = new StallingDisk();
        await using var host = await ExchangeHost.StartAsync(engine: o => o with { JournalIo = disk, InputRingSize = 16 });
        Assert.True(SpinWait.SpinUntil(() => host.Engine.ProcessedSequence >= ExchangeHost.SetupCommands, ExchangeHost.Patience));
        using var alice = new RawSession(host.Gateway.Port, 1, "secret-1");
        disk.Stall();
        for (ulong id = 1; id <= 100; id++)
        {
            alice.Send(new NewOrder(id, id, 1, (byte)Side.Buy, (byte)OrderType.Limit, (byte)TimeInForce.Gtc, 0, 0, 0, 0, 90, 1, 0));
        }

        var busy = new List<ulong>();
        while (busy.Count < 100 - 33)
        {
            if (alice.Next(out var body) == MessageType.ProtocolReject && BinaryPrimitives.ReadUInt16LittleEndian(body[2..]) == (ushort)ProtocolRejectReason.Busy)
            {
                busy.Add(BinaryPrimitives.ReadUInt64LittleEndian(body[4..]));
            }
        }

        disk.Release();
        var accepted = 0;
        while (accepted < 100 - busy.Count)
        {
            var type = alice.Next(out var body);
            if (type == MessageType.OrderAccepted)
            {
                accepted++;
            }
            else if (type == MessageType.ProtocolReject && BinaryPrimitives.ReadUInt16LittleEndian(body[2..]) == (ushort)ProtocolRejectReason.Busy)
            {
                busy.Add(BinaryPrimitives.ReadUInt64LittleEndian(body[4..]));
            }
        }

        Assert.DoesNotContain(0UL, busy);
        Assert.Equal(busy.Count, busy.Distinct().Count());
        Assert.Equal(100, accepted + busy.Count);
    }
}
