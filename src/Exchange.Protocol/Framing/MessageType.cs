namespace Exchange.Protocol.Framing;

/// <summary>
/// Every message on the wire. Codes below 0x80 travel client → server, 0x80 and above server →
/// client. Stable: append, never renumber.
/// </summary>
public enum MessageType : byte
{
    Login = 0x01,
    Logout = 0x02,
    ClientHeartbeat = 0x03,
    NewOrder = 0x10,
    CancelOrder = 0x11,
    ReplaceOrder = 0x12,
    MassCancel = 0x13,
    Subscribe = 0x20,
    Unsubscribe = 0x21,
    QueryBalances = 0x30,
    QueryOpenOrders = 0x31,
    QueryInstruments = 0x32,
    QueryAssets = 0x33,
    AdminCommand = 0x40,

    LoginAccepted = 0x81,
    LoginRejected = 0x82,
    ServerHeartbeat = 0x83,
    SessionEnded = 0x84,
    ProtocolReject = 0x8F,
    OrderAccepted = 0x90,
    OrderRejected = 0x91,
    OrderExecuted = 0x92,
    OrderCanceled = 0x93,
    OrderReplaced = 0x94,
    OrderTriggered = 0x95,
    OrderReduced = 0x96,
    MassCancelDone = 0x97,
    BookLevel = 0xA0,
    PublicTrade = 0xA1,
    TopOfBook = 0xA2,
    InstrumentStatusChanged = 0xA3,
    BalanceReport = 0xB0,
    OpenOrderReport = 0xB1,
    InstrumentReport = 0xB2,
    AssetReport = 0xB3,
    AdminResult = 0xC0,
    BalanceUpdate = 0xC1,
}
