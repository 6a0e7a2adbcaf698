using System.Buffers.Binary;
using Exchange.Core.Orders;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// The throttle covers every message type, names the refused message, bounds what any request can
/// make the server send, and ends a flooding session even though tokens keep refilling.
/// </summary>
public sealed class ThrottleTests
{
    private static readonly GatewayOptions Tight = new()
    {
        ThrottleRatePerSecond = 1_000, ThrottleBurst = 10, ThrottleDisconnectAfter = 200, HeartbeatInterval = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task A_flood_is_ended_although_tokens_refill_and_each_refusal_names_its_message()
    {
        await using var host = await ExchangeHost.StartAsync(Tight);
        using var flood = new RawSession(host.Gateway.Port, 1, "secret-1");

        // Send on another thread and read here, so the server's answer is read as it comes, before
        // the reset that sending into a closed connection earns.
        var sending = Task.Run(() =>
        {
            try
            {
                for (ulong id = 1; id <= 20_000; id++)
                {
                    flood.Send(new NewOrder(id, id, 1, (byte)Side.Buy, (byte)OrderType.Limit, (byte)TimeInForce.Gtc, 0, 0, 0, 0, 90, 1, 0));
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // The server ended the session: expected.
            }
        });

        var refusedIds = new List<ulong>();
        ushort endReason = 0;
        try
        {
            while (true)
            {
                var type = flood.Next(out var body);
                if (type == MessageType.ProtocolReject && BinaryPrimitives.ReadUInt16LittleEndian(body[2..]) == (ushort)ProtocolRejectReason.Throttled)
                {
                    refusedIds.Add(BinaryPrimitives.ReadUInt64LittleEndian(body[4..]));
                }
                else if (type == MessageType.SessionEnded)
                {
                    endReason = BinaryPrimitives.ReadUInt16LittleEndian(body);
                    break;
                }
            }
        }
        catch (EndOfStreamException)
        {
        }

        await sending.WaitAsync(ExchangeHost.Patience);
        Assert.Equal((ushort)SessionEndReason.ThrottleExceeded, endReason);
        Assert.True(refusedIds.Count >= Tight.ThrottleDisconnectAfter - 1);
        Assert.DoesNotContain(0UL, refusedIds);
        Assert.Equal(refusedIds.Count, refusedIds.Distinct().Count());
    }

    [Fact]
    public async Task Subscriptions_and_heartbeats_are_throttled_too_so_no_request_amplifies_a_flood()
    {
        await using var host = await ExchangeHost.StartAsync(Tight with { ThrottleDisconnectAfter = 100_000 });
        using var session = new RawSession(host.Gateway.Port, 1, "secret-1");
        for (var i = 0; i < 500; i++)
        {
            session.Send(new Subscribe(1, 1_000, 0));
            session.Send(new ClientHeartbeat());
        }

        session.Send(new Logout());
        int snapshots = 0, throttledSubscribes = 0, throttledHeartbeats = 0;
        try
        {
            while (true)
            {
                var type = session.Next(out var body);
                if (type == MessageType.TopOfBook)
                {
                    snapshots++; // one per snapshot served
                }
                else if (type == MessageType.ProtocolReject && BinaryPrimitives.ReadUInt16LittleEndian(body[2..]) == (ushort)ProtocolRejectReason.Throttled)
                {
                    throttledSubscribes += body[0] == (byte)MessageType.Subscribe ? 1 : 0;
                    throttledHeartbeats += body[0] == (byte)MessageType.ClientHeartbeat ? 1 : 0;
                }
                else if (type == MessageType.SessionEnded)
                {
                    break;
                }
            }
        }
        catch (EndOfStreamException)
        {
        }

        Assert.InRange(snapshots, 1, 100);
        Assert.True(throttledSubscribes >= 400, $"{throttledSubscribes} subscribes throttled");
        Assert.True(throttledHeartbeats > 0, "heartbeats must pay for the throttle too");
    }
}
