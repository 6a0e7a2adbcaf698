using System.Buffers;
using CsCheck;
using Exchange.Protocol.Admin;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Queries;
using Exchange.Protocol.Session;

namespace Exchange.Protocol.Tests;

public sealed class FrameCodecTests
{
    private static T RoundTrip<T>(T message)
        where T : struct, IMessage<T>
    {
        var buffer = new byte[FrameCodec.DefaultMaxFrame];
        var written = FrameCodec.Write(buffer, message);
        Assert.Equal(FrameHeader.Size + T.BodySize, written);
        Assert.Equal(FrameStatus.Complete, FrameCodec.TryRead(buffer.AsSpan(0, written), FrameCodec.DefaultMaxFrame, out var header));
        Assert.Equal(T.Type, header.Type);
        Assert.Equal(written, header.FrameLength);
        Assert.True(FrameCodec.TryReadBody<T>(buffer, header, out var decoded));
        return decoded;
    }

    [Fact]
    public void Every_message_round_trips()
    {
        Assert.Equal(new Login(1001, 1, 1, 0, 42, "alice-secret"), RoundTrip(new Login(1001, 1, 1, 0, 42, "alice-secret")));
        Assert.Equal(default, RoundTrip(new Logout()));
        Assert.Equal(default, RoundTrip(new ClientHeartbeat()));
        Assert.Equal(default, RoundTrip(new ServerHeartbeat()));
        Assert.Equal(new LoginAccepted(7, 43, 1000), RoundTrip(new LoginAccepted(7, 43, 1000)));
        Assert.Equal(new LoginRejected(1), RoundTrip(new LoginRejected(1)));
        Assert.Equal(new SessionEnded(2), RoundTrip(new SessionEnded(2)));
        Assert.Equal(new ProtocolReject(0x10, 0, 3, 99), RoundTrip(new ProtocolReject(0x10, 0, 3, 99)));
        var order = new NewOrder(1, 2, 3, 1, 1, 1, 3, 1, 0, 0, 65_100, 5, 0);
        Assert.Equal(order, RoundTrip(order));
        Assert.Equal(new CancelOrder(5, 6, 7), RoundTrip(new CancelOrder(5, 6, 7)));
        Assert.Equal(new ReplaceOrder(5, 6, 7, -8, long.MaxValue), RoundTrip(new ReplaceOrder(5, 6, 7, -8, long.MaxValue)));
        Assert.Equal(new MassCancel(9, 2, 0), RoundTrip(new MassCancel(9, 2, 0)));
        Assert.Equal(new OrderAccepted(1, 2, 3, 4, 5, 6, 1, 0, 0, 7, 8), RoundTrip(new OrderAccepted(1, 2, 3, 4, 5, 6, 1, 0, 0, 7, 8)));
        Assert.Equal(new OrderRejected(1, 2, 3, 4, 5, 6, 1, 0), RoundTrip(new OrderRejected(1, 2, 3, 4, 5, 6, 1, 0)));
        Assert.Equal(new OrderExecuted(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2, 1, 0, 11), RoundTrip(new OrderExecuted(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2, 1, 0, 11)));
        Assert.Equal(new OrderCanceled(1, 2, 3, 4, 5, 6, 4, 1, 0, 7), RoundTrip(new OrderCanceled(1, 2, 3, 4, 5, 6, 4, 1, 0, 7)));
        Assert.Equal(new OrderReplaced(1, 2, 3, 4, 5, 6, 7), RoundTrip(new OrderReplaced(1, 2, 3, 4, 5, 6, 7)));
        Assert.Equal(new Subscribe(1, 10, 0), RoundTrip(new Subscribe(1, 10, 0)));
        Assert.Equal(new BookLevel(1, 2, 1, 3, 0, 65_000, 10, 2, 0), RoundTrip(new BookLevel(1, 2, 1, 3, 0, 65_000, 10, 2, 0)));
        Assert.Equal(new PublicTrade(1, 2, 1, 0, 0, 3, 4, 5, 6), RoundTrip(new PublicTrade(1, 2, 1, 0, 0, 3, 4, 5, 6)));
        Assert.Equal(new TopOfBook(1, 2, 0, 3, 4, 5, 6), RoundTrip(new TopOfBook(1, 2, 0, 3, 4, 5, 6)));
        Assert.Equal(new QueryBalances(9), RoundTrip(new QueryBalances(9)));
        var admin = new AdminCommand(1, 10, 0, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, "SOL-USD");
        Assert.Equal(admin, RoundTrip(admin));
        Assert.Equal(new AdminResult(0, 1, 24, 0, 7, 2, 3, 4, 5, 6, 7), RoundTrip(new AdminResult(0, 1, 24, 0, 7, 2, 3, 4, 5, 6, 7)));
        Assert.Equal(new BalanceUpdate(1, 2, 3, 4, 0, -5, 6, 7), RoundTrip(new BalanceUpdate(1, 2, 3, 4, 0, -5, 6, 7)));
        Assert.Equal(new QueryOpenOrders(9, 1, 0), RoundTrip(new QueryOpenOrders(9, 1, 0)));
        Assert.Equal(new BalanceReport(0, 9, 2, 2, 0, 0, 100, -1), RoundTrip(new BalanceReport(0, 9, 2, 2, 0, 0, 100, -1)));
        Assert.Equal(new OpenOrderReport(0, 9, 1, 2, 3, 1, 2, 0, 4, 5, 6), RoundTrip(new OpenOrderReport(0, 9, 1, 2, 3, 1, 2, 0, 4, 5, 6)));
    }

    [Fact]
    public void Version_3_messages_round_trip()
    {
        Assert.Equal(new OrderReduced(1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 0, 0), RoundTrip(new OrderReduced(1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 0, 0)));
        Assert.Equal(new MassCancelDone(0, 2, 3, 4, 5, 6), RoundTrip(new MassCancelDone(0, 2, 3, 4, 5, 6)));
        var result = new AdminResultV2(0, 1, 30, 0, 7, 2, 3, 4, 5, 6, 7, ulong.MaxValue);
        Assert.Equal(result, RoundTrip(result));
        Assert.Equal(new InstrumentStatusChanged(1, 2, 3, 2, 2, 0, -4), RoundTrip(new InstrumentStatusChanged(1, 2, 3, 2, 2, 0, -4)));
        Assert.Equal(new QueryAssets(9), RoundTrip(new QueryAssets(9)));
        Assert.Equal(new AssetReport(9, 1, 2, 8, 0, "BTC"), RoundTrip(new AssetReport(9, 1, 2, 8, 0, "BTC")));
        Assert.Equal(new BalanceUpdate(1, 2, 3, 4, 3, -5, 6, 7), RoundTrip(new BalanceUpdate(1, 2, 3, 4, 3, -5, 6, 7)));

        // OrderReduced starts with OrderReplaced's layout: an old session gets those 56 bytes as an OrderReplaced.
        var reduced = new byte[4 + OrderReduced.BodySize];
        FrameCodec.Write(reduced, new OrderReduced(1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 0, 0));
        Assert.Equal(new OrderReplaced(1, 2, 3, 4, 5, 6, 7), OrderReplaced.ReadBody(reduced.AsSpan(4, OrderReplaced.BodySize)));
    }

    [Fact]
    public void Version_2_messages_round_trip_and_extend_their_version_1_layouts()
    {
        var order = new NewOrderV2(1, 2, 3, 1, 4, 4, 3, 1, 100, 5, 7, 99, 2, 1_800_000_000_000_000_000, 12_345);
        Assert.Equal(order, RoundTrip(order));
        var replace = new ReplaceOrderV2(1, 2, 3, 4, 5, 6);
        Assert.Equal(replace, RoundTrip(replace));
        var triggered = new OrderTriggered(1, 2, 3, 4, 5, 6, 1, 2, 0, 7, 8, 9);
        Assert.Equal(triggered, RoundTrip(triggered));
        var report = new OpenOrderReportV2(0, 9, 1, 2, 3, 1, 2, 4, 5, 6, 4, 4, 7, 8, 9);
        Assert.Equal(report, RoundTrip(report));

        // The first 52 bytes of a NewOrder v2 body are a valid v1 body with the same fields: a v2 layout only appends.
        var body = new byte[NewOrderV2.BodySize];
        order.WriteBody(body);
        var v1 = NewOrder.ReadBody(body);
        Assert.Equal((order.ClientOrderId, order.Price, order.Quantity, order.ProtectionPrice, order.OrderType), (v1.ClientOrderId, v1.Price, v1.Quantity, v1.ProtectionPrice, v1.OrderType));
        Assert.Equal((2, 84), (NewOrderV2.Version, NewOrderV2.BodySize));
        Assert.False(FrameCodec.TryReadBody<NewOrder>(FrameCodec.ToArray(order), FrameHeader.Read(FrameCodec.ToArray(order)), out _));
    }

    [Fact]
    public void The_login_frame_matches_the_documented_hex_dump()
    {
        var buffer = new byte[64];
        var written = FrameCodec.Write(buffer, new Login(1001, 1, 1, 0, 0, "alice-secret"));
        Assert.Equal(
            "36 00 01 01 E9 03 00 00 00 00 00 00 01 00 01 00 00 00 00 00 00 00 00 00 61 6C 69 63 65 2D 73 65 63 72 65 74 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            BitConverter.ToString(buffer, 0, written).Replace('-', ' '));
    }

    [Fact]
    public void The_new_order_frame_matches_the_documented_hex_dump()
    {
        var buffer = new byte[64];
        var written = FrameCodec.Write(buffer, new NewOrder(1, 7, 1, 1, 1, 1, 0, 0, 0, 0, 65_100, 5, 0));
        Assert.Equal(
            "36 00 10 01 01 00 00 00 00 00 00 00 07 00 00 00 00 00 00 00 01 00 00 00 01 01 01 00 00 00 00 00 4C FE 00 00 00 00 00 00 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            BitConverter.ToString(buffer, 0, written).Replace('-', ' '));
    }

    [Fact]
    public void A_frame_is_incomplete_until_its_last_byte()
    {
        var buffer = new byte[128];
        var written = FrameCodec.Write(buffer, new NewOrder(1, 2, 3, 1, 1, 1, 0, 0, 0, 0, 100, 5, 0));
        for (var length = 0; length < written; length++)
        {
            Assert.Equal(FrameStatus.Incomplete, FrameCodec.TryRead(buffer.AsSpan(0, length), FrameCodec.DefaultMaxFrame, out _));
        }

        Assert.Equal(FrameStatus.Complete, FrameCodec.TryRead(buffer.AsSpan(0, written), FrameCodec.DefaultMaxFrame, out _));
    }

    [Fact]
    public void Impossible_and_oversized_lengths_are_refused_from_the_first_two_bytes()
    {
        Assert.Equal(FrameStatus.Malformed, FrameCodec.TryRead([1, 0], 512, out _));
        Assert.Equal(FrameStatus.Malformed, FrameCodec.TryRead([0, 0, 0x10, 1], 512, out _));
        Assert.Equal(FrameStatus.TooLarge, FrameCodec.TryRead([0xFF, 0x7F], 512, out _));
        Assert.Equal(FrameStatus.TooLarge, FrameCodec.TryRead([0x00, 0x02, 0x10, 1, 0], 512, out _));
    }

    [Fact]
    public void A_body_of_the_wrong_type_version_or_size_is_not_read()
    {
        var buffer = new byte[128];
        var written = FrameCodec.Write(buffer, new CancelOrder(1, 2, 3));
        FrameCodec.TryRead(buffer.AsSpan(0, written), 512, out var header);
        Assert.False(FrameCodec.TryReadBody<ReplaceOrder>(buffer, header, out _));
        buffer[3] = 2;
        Assert.False(FrameCodec.TryReadBody<CancelOrder>(buffer, FrameHeader.Read(buffer), out _));
        buffer[3] = 1;
        buffer[0]--;
        Assert.False(FrameCodec.TryReadBody<CancelOrder>(buffer, FrameHeader.Read(buffer), out _));
    }

    [Fact]
    public void Random_bytes_never_throw_and_never_claim_more_than_they_have()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var status = FrameCodec.TryRead(bytes, FrameCodec.DefaultMaxFrame, out var header);
            if (status == FrameStatus.Complete)
            {
                Assert.InRange(header.FrameLength, FrameHeader.Size, Math.Min(bytes.Length, FrameCodec.DefaultMaxFrame));
                _ = FrameCodec.TryReadBody<NewOrder>(bytes, header, out _);
                _ = FrameCodec.TryReadBody<Login>(bytes, header, out _);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Frames_append_to_a_buffer_writer_back_to_back()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameCodec.Write(output, new ClientHeartbeat());
        FrameCodec.Write(output, new MassCancel(1, 0, 0));
        var bytes = output.WrittenSpan;
        Assert.Equal(FrameStatus.Complete, FrameCodec.TryRead(bytes, 512, out var first));
        Assert.Equal(MessageType.ClientHeartbeat, first.Type);
        Assert.Equal(FrameStatus.Complete, FrameCodec.TryRead(bytes[first.FrameLength..], 512, out var second));
        Assert.Equal(MessageType.MassCancel, second.Type);
        Assert.Equal(bytes.Length, first.FrameLength + second.FrameLength);
    }

    [Fact]
    public void A_secret_longer_than_its_field_is_refused() =>
        Assert.Throws<ArgumentException>(() => FrameCodec.Write(new byte[128], new Login(1, 1, 0, 0, 0, new string('x', 33))));
}
