namespace Exchange.Protocol.Session;

/// <summary>The Login message's flag bits (Flags), named so no caller writes 1 or 2.</summary>
[Flags]
public enum LoginOptions : byte
{
    None = 0,

    /// <summary>Cancel all the account's orders when this session ends without a Logout.</summary>
    CancelOnDisconnect = 1,

    /// <summary>A session for market data only: no reply stream, no order entry; it may run beside the account's trading session.</summary>
    MarketDataOnly = 2,
}
