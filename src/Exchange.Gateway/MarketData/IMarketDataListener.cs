using Exchange.Core.Orders;

namespace Exchange.Gateway.MarketData;

/// <summary>Receives the public consequences of the event stream: level changes and trades.</summary>
public interface IMarketDataListener
{
    /// <summary>A price level's new total (quantity 0: the level is gone).</summary>
    void OnLevel(int instrument, Side side, long price, long quantity, int orders);

    void OnTrade(int instrument, long tradeId, Side aggressorSide, long price, long quantity, long timestamp);

    /// <summary>Every change a command made has been reported (a natural point to publish derived views such as the top of book).</summary>
    void OnCommandEnd();
}
