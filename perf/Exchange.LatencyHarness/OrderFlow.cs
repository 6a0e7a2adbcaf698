using Exchange.Protocol.OrderEntry;

namespace Exchange.LatencyHarness;

/// <summary>
/// The seeded order stream the tcp runs send: 70% of orders are priced through the middle (a buy up
/// to five ticks above it, a sell up to five below) and 30% rest up to five ticks away from it, so
/// most orders trade on arrival and aggressive volume outweighs resting volume: the book stays a few
/// levels deep however long the run (an ever-growing book would measure its own growth instead).
/// 15% are IOC; aggressive orders cancel themselves rather than their own account's resting orders
/// (self-trade prevention 1). The same seed gives the same stream, so runs repeat.
/// </summary>
internal sealed class OrderFlow(int seed, int instrument, long midPrice)
{
    private readonly Random _random = new(seed);

    public NewOrder Next(long clientOrderId)
    {
        var buy = _random.Next(2) == 0;
        var offset = 1 + _random.Next(5);
        var aggressive = _random.Next(100) < 70;
        var price = buy == aggressive ? midPrice + offset : midPrice - offset;
        var timeInForce = _random.Next(100) < 15 ? (byte)2 : (byte)1;
        // An aggressive order that would trade with its own account's resting order is cancelled itself (STP 1), not the resting
        // one: when one connection's orders reach the engine in a burst (a late sender catching up), the book keeps its
        // liquidity for the other connections instead of each burst clearing its own account's orders without a trade.
        var selfTradePrevention = aggressive ? (byte)1 : (byte)0;
        return new NewOrder((ulong)clientOrderId, (ulong)clientOrderId, (uint)instrument, buy ? (byte)1 : (byte)2, 1, timeInForce, selfTradePrevention, 0, 0, 0, price,
            1 + _random.Next(10), 0);
    }
}
