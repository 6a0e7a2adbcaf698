using Exchange.Protocol.Admin;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Queries;
using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>
/// What this client knows of the server's messages, from one list of the layouts it decodes: each
/// layout's body size, whether it is a numbered reply, and how to box it for <see cref="ServerMessage.Message"/>.
/// Looked up by (type, version) in flat arrays: one index per frame on the receive path.
/// </summary>
internal static class ServerMessages
{
    /// <summary>Versions 1 to 3 of each type have a slot; a higher version is newer than this client.</summary>
    private const int Versions = 4;

    private static readonly int[] Sizes = new int[256 * Versions];
    private static readonly bool[] Numbered = new bool[256 * Versions];
    private static readonly Func<ServerMessage, object>?[] Boxers = new Func<ServerMessage, object>?[256 * Versions];

    static ServerMessages()
    {
        Array.Fill(Sizes, -1);
        Add<LoginAccepted>();
        Add<LoginRejected>();
        Add<ServerHeartbeat>();
        Add<SessionEnded>();
        Add<ProtocolReject>();
        Add<OrderAccepted>(numbered: true);
        Add<OrderRejected>(numbered: true);
        Add<OrderExecuted>(numbered: true);
        Add<OrderCanceled>(numbered: true);
        Add<OrderReplaced>(numbered: true);
        Add<OrderTriggered>(numbered: true);
        Add<OrderReduced>(numbered: true);
        Add<BalanceUpdate>(numbered: true);
        Add<MassCancelDone>();
        Add<BookLevel>();
        Add<PublicTrade>();
        Add<TopOfBook>();
        Add<InstrumentStatusChanged>();
        Add<AdminResult>();
        Add<AdminResultV2>();
        Add<BalanceReport>();
        Add<InstrumentReport>();
        Add<OpenOrderReport>();
        Add<OpenOrderReportV2>();
        Add<AssetReport>();
    }

    /// <summary>The body size of a (type, version) this client decodes; -1 for one it does not know (newer than this client, passed on).</summary>
    public static int BodySizeOf(FrameHeader header) => Slot(header.Type, header.Version) is var i and >= 0 ? Sizes[i] : -1;

    /// <summary>Whether messages of this known layout carry the per-account reply sequence (in their first 8 bytes).</summary>
    public static bool IsNumbered(MessageType type, byte version) => Slot(type, version) is var i and >= 0 && Numbered[i];

    public static object Box(in ServerMessage message) =>
        message.IsKnown && Slot(message.Type, message.Version) is var i and >= 0 && Boxers[i] is { } box
            ? box(message)
            : new UnknownMessage(message.Type, message.Version, message.BodyLength);

    private static int Slot(MessageType type, byte version) => version < Versions ? ((byte)type * Versions) + version : -1;

    private static void Add<T>(bool numbered = false)
        where T : struct, IMessage<T>
    {
        var i = Slot(T.Type, T.Version);
        Sizes[i] = T.BodySize;
        Numbered[i] = numbered;
        Boxers[i] = static m => m.As<T>();
    }
}
