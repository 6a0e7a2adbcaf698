using CsCheck;
using Exchange.Gateway.Replies;
using Exchange.Testing;

namespace Exchange.Gateway.Tests;

/// <summary>
/// The gateway's read model of balances and open orders, folded from events alone, equals the engine's
/// own state after every command of random streams (every order type, fills, fees, self-trade
/// prevention, expiries, replaces, mass cancels, deposits and withdrawals), and survives a save and load.
/// </summary>
public sealed class AccountViewTests
{
    [Fact]
    public void Balances_and_open_orders_from_events_equal_the_engines_after_every_command()
    {
        RandomCommands.Stream.Sample(stream =>
        {
            var exchange = new TestExchange();
            var router = new ReplyRouter(resendWindow: 1_000);
            foreach (var command in RandomCommands.Setup().Concat(stream))
            {
                foreach (var e in exchange.Submit(command))
                {
                    router.OnEvent(e, endOfBatch: false);
                }

                for (long account = 1; account <= 4; account++)
                {
                    Check(router, exchange, account, command);
                }
            }

            var restored = new ReplyRouter(resendWindow: 1_000);
            restored.LoadState(router.SaveState());
            for (long account = 1; account <= 4; account++)
            {
                Check(restored, exchange, account, default);
            }
        }, iter: 3_000);
    }

    private static void Check(ReplyRouter router, TestExchange exchange, long account, Core.Commands.Command after)
    {
        var engineBalances = exchange.Engine.GetBalances(account).Select(b => (b.AssetId, b.Available, b.Held)).ToList();
        var engineOrders = exchange.Engine.GetOpenOrders(account)
            .Select(o => new OpenOrder(o.OrderId, o.ClientOrderId, o.InstrumentId, o.Side, o.OrderType, o.TimeInForce, o.Price, o.Quantity, o.Leaves, o.StopPrice, o.DisplayQuantity, o.ExpireTime))
            .ToList();
        router.Read(account, (view, _) =>
        {
            var balances = view.Balances();
            var orders = view.Orders(0);
            if (!balances.SequenceEqual(engineBalances) || !orders.SequenceEqual(engineOrders))
            {
                throw new InvalidOperationException(
                    $"account {account} after {after.Type} #{after.Sequence}:\n view balances {string.Join(", ", balances)}\n engine {string.Join(", ", engineBalances)}\n"
                    + $" view orders {string.Join("; ", orders)}\n engine {string.Join("; ", engineOrders)}");
            }
        });
    }
}
