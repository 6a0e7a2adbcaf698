using CsCheck;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Core.Queries;
using Exchange.Gateway.MarketData;
using Exchange.Testing;

namespace Exchange.Gateway.Tests;

public sealed class BookProjectionTests
{
    private sealed class CountingListener : IMarketDataListener
    {
        public int Levels { get; private set; }

        public int Trades { get; private set; }

        public void OnLevel(int instrument, Side side, long price, long quantity, int orders) => Levels++;

        public void OnTrade(int instrument, long tradeId, Side aggressorSide, long price, long quantity, long timestamp) => Trades++;

        public void OnCommandEnd()
        {
        }
    }

    [Fact]
    public void The_projection_built_from_events_equals_the_engines_book_after_every_command()
    {
        RandomCommands.Stream.Sample(stream =>
        {
            var exchange = new TestExchange();
            var listener = new CountingListener();
            var projection = new BookProjection(listener);
            foreach (var command in RandomCommands.Setup().Concat(stream))
            {
                var events = exchange.Submit(command);
                for (var i = 0; i < events.Length; i++)
                {
                    projection.Apply(events[i], endOfBatch: i == events.Length - 1);
                }

                foreach (var instrument in exchange.Engine.GetInstrumentIds())
                {
                    foreach (var side in new[] { Side.Buy, Side.Sell })
                    {
                        var depth = new DepthLevel[100];
                        var count = exchange.Engine.GetDepth(instrument, side, depth);
                        var expected = depth.Take(count).Select(l => (l.Price, l.Quantity, l.OrderCount)).ToList();
                        Assert.Equal(expected, projection.Levels(instrument, side, 100));
                        Assert.Equal(count == 0 ? (0L, 0L) : (depth[0].Price, depth[0].Quantity), projection.Best(instrument, side));
                    }
                }
            }
        }, iter: 1_000);
    }

    [Fact]
    public void Trades_and_level_changes_are_reported()
    {
        var exchange = new TestExchange().WithInstrument(Specs.Plain()).WithAccount(1, (Specs.Btc, 100)).WithAccount(2, (Specs.Usd, 100_000));
        var listener = new CountingListener();
        var projection = new BookProjection(listener);
        foreach (var c in new[]
        {
            Core.Commands.Command.PlaceLimit(1, 1, 1, Side.Sell, 100, 5),
            Core.Commands.Command.PlaceLimit(2, 1, 1, Side.Buy, 100, 3),
        })
        {
            var events = exchange.Submit(c);
            for (var i = 0; i < events.Length; i++)
            {
                projection.Apply(events[i], i == events.Length - 1);
            }
        }

        Assert.Equal(1, listener.Trades);
        Assert.Equal(2, listener.Levels);
        Assert.Equal([(100L, 2L, 1)], projection.Levels(1, Side.Sell, 10));
    }
}
