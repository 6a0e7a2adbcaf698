using Exchange.Protocol.OrderEntry;

namespace Exchange.LatencyHarness;

/// <summary>
/// The seeded order stream the tcp runs send: limit orders a few ticks either side of the middle,
/// so about half of them trade on arrival and the book stays small; 15% IOC. The same seed gives
/// the same stream, so runs repeat.
/// </summary>
internal sealed class OrderFlow(int seed, int instrument, long midPrice)
{
    private readonly Random _random = new(seed);

    public NewOrder Next(long clientOrderId)
    {
        var side = (byte)(_random.Next(2) + 1);
        var price = midPrice + _random.Next(-5, 6);
        var timeInForce = _random.Next(100) < 15 ? (byte)2 : (byte)1;
        return new NewOrder((ulong)clientOrderId, (ulong)clientOrderId, (uint)instrument, side, 1, timeInForce, 0, 0, 0, 0, price, 1 + _random.Next(10), 0);
    }
}
