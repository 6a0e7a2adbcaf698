using Exchange.Protocol.Admin;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Queries;
using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>What this client knows of the server's messages: which layouts it decodes, their reply sequence, and boxing for <see cref="ServerMessage.Message"/>.</summary>
internal static class ServerMessages
{
    /// <summary>The body size of a (type, version) this client decodes; -1 for one it does not know (newer than this client, passed on).</summary>
    public static int BodySizeOf(FrameHeader header) => (header.Type, header.Version) switch
    {
        (MessageType.LoginAccepted, 1) => LoginAccepted.BodySize,
        (MessageType.LoginRejected, 1) => LoginRejected.BodySize,
        (MessageType.ServerHeartbeat, 1) => ServerHeartbeat.BodySize,
        (MessageType.SessionEnded, 1) => SessionEnded.BodySize,
        (MessageType.ProtocolReject, 1) => ProtocolReject.BodySize,
        (MessageType.OrderAccepted, 1) => OrderAccepted.BodySize,
        (MessageType.OrderRejected, 1) => OrderRejected.BodySize,
        (MessageType.OrderExecuted, 1) => OrderExecuted.BodySize,
        (MessageType.OrderCanceled, 1) => OrderCanceled.BodySize,
        (MessageType.OrderReplaced, 1) => OrderReplaced.BodySize,
        (MessageType.OrderTriggered, 1) => OrderTriggered.BodySize,
        (MessageType.OrderReduced, 1) => OrderReduced.BodySize,
        (MessageType.MassCancelDone, 1) => MassCancelDone.BodySize,
        (MessageType.BookLevel, 1) => BookLevel.BodySize,
        (MessageType.PublicTrade, 1) => PublicTrade.BodySize,
        (MessageType.TopOfBook, 1) => TopOfBook.BodySize,
        (MessageType.InstrumentStatusChanged, 1) => InstrumentStatusChanged.BodySize,
        (MessageType.AdminResult, 1) => AdminResult.BodySize,
        (MessageType.AdminResult, 2) => AdminResultV2.BodySize,
        (MessageType.BalanceUpdate, 1) => BalanceUpdate.BodySize,
        (MessageType.BalanceReport, 1) => BalanceReport.BodySize,
        (MessageType.InstrumentReport, 1) => InstrumentReport.BodySize,
        (MessageType.OpenOrderReport, 1) => OpenOrderReport.BodySize,
        (MessageType.OpenOrderReport, 2) => OpenOrderReportV2.BodySize,
        (MessageType.AssetReport, 1) => AssetReport.BodySize,
        _ => -1,
    };

    /// <summary>The per-account reply sequence a numbered reply carries (its first 8 bytes); 0 for messages that are not numbered.</summary>
    public static ulong SequenceOf(in ServerMessage message) => message.Type switch
    {
        MessageType.OrderAccepted when message.TryAs<OrderAccepted>(out var m) => m.Sequence,
        MessageType.OrderRejected when message.TryAs<OrderRejected>(out var m) => m.Sequence,
        MessageType.OrderExecuted when message.TryAs<OrderExecuted>(out var m) => m.Sequence,
        MessageType.OrderCanceled when message.TryAs<OrderCanceled>(out var m) => m.Sequence,
        MessageType.OrderReplaced when message.TryAs<OrderReplaced>(out var m) => m.Sequence,
        MessageType.OrderReduced when message.TryAs<OrderReduced>(out var m) => m.Sequence,
        MessageType.OrderTriggered when message.TryAs<OrderTriggered>(out var m) => m.Sequence,
        MessageType.BalanceUpdate when message.TryAs<BalanceUpdate>(out var m) => m.Sequence,
        _ => 0,
    };

    public static object Box(in ServerMessage message) => (message.Type, message.Version) switch
    {
        _ when !message.IsKnown => new UnknownMessage(message.Type, message.Version, message.BodyLength),
        (MessageType.LoginAccepted, _) => message.As<LoginAccepted>(),
        (MessageType.LoginRejected, _) => message.As<LoginRejected>(),
        (MessageType.ServerHeartbeat, _) => message.As<ServerHeartbeat>(),
        (MessageType.SessionEnded, _) => message.As<SessionEnded>(),
        (MessageType.ProtocolReject, _) => message.As<ProtocolReject>(),
        (MessageType.OrderAccepted, _) => message.As<OrderAccepted>(),
        (MessageType.OrderRejected, _) => message.As<OrderRejected>(),
        (MessageType.OrderExecuted, _) => message.As<OrderExecuted>(),
        (MessageType.OrderCanceled, _) => message.As<OrderCanceled>(),
        (MessageType.OrderReplaced, _) => message.As<OrderReplaced>(),
        (MessageType.OrderTriggered, _) => message.As<OrderTriggered>(),
        (MessageType.OrderReduced, _) => message.As<OrderReduced>(),
        (MessageType.MassCancelDone, _) => message.As<MassCancelDone>(),
        (MessageType.BookLevel, _) => message.As<BookLevel>(),
        (MessageType.PublicTrade, _) => message.As<PublicTrade>(),
        (MessageType.TopOfBook, _) => message.As<TopOfBook>(),
        (MessageType.InstrumentStatusChanged, _) => message.As<InstrumentStatusChanged>(),
        (MessageType.AdminResult, 1) => message.As<AdminResult>(),
        (MessageType.AdminResult, _) => message.As<AdminResultV2>(),
        (MessageType.BalanceUpdate, _) => message.As<BalanceUpdate>(),
        (MessageType.BalanceReport, _) => message.As<BalanceReport>(),
        (MessageType.InstrumentReport, _) => message.As<InstrumentReport>(),
        (MessageType.OpenOrderReport, 1) => message.As<OpenOrderReport>(),
        (MessageType.OpenOrderReport, _) => message.As<OpenOrderReportV2>(),
        (MessageType.AssetReport, _) => message.As<AssetReport>(),
        _ => new UnknownMessage(message.Type, message.Version, message.BodyLength),
    };
}
