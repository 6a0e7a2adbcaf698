using CsCheck;
using Exchange.Core.Commands;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Testing;

/// <summary>
/// Random command streams over a small world (2 instruments, 4 funded accounts) so that orders
/// collide often: crossing prices, self-trades, duplicate client ids, unknown orders, halts.
/// Values are drawn from small integer ranges so CsCheck can shrink a failure to a short stream.
/// About a sixth of the commands use the advanced order types: stops and stop-limits (some firing
/// at once, many fired later by trades, in cascades), icebergs, GTD orders that expire within the
/// stream (<see cref="TestExchange"/> stamps command n at <see cref="BaseTime"/> + n µs), quote-amount
/// buys and time ticks.
/// </summary>
public static class RandomCommands
{
    public static readonly InstrumentSpec Feed = new(1, "FEE-USD", 1, 2, TickSize: 5, LotSize: 10, MinQuantity: 10, MaxQuantity: 500,
        StartPrice: 1_000, PriceBandTicks: 20, PriceBandBps: 0, MakerFeeBps: 7, TakerFeeBps: 25);

    public static readonly InstrumentSpec Plain = new(2, "PLN-USD", 3, 2, TickSize: 1, LotSize: 1, MinQuantity: 1, MaxQuantity: 100,
        StartPrice: 50, PriceBandTicks: 0, PriceBandBps: 1_000, MakerFeeBps: 0, TakerFeeBps: 0);

    /// <summary>Commands that build the world every stream starts from.</summary>
    public static IEnumerable<Command> Setup()
    {
        yield return Command.AddInstrument(Feed);
        yield return Command.AddInstrument(Plain);
        for (long account = 1; account <= 4; account++)
        {
            yield return Command.AddAccount(account);
            yield return Command.Deposit(account, 1, 2_000);
            yield return Command.Deposit(account, 2, 3_000_000);
            yield return Command.Deposit(account, 3, 1_000);
        }
    }

    /// <summary>The time <see cref="TestExchange"/> stamps on command 0; command n is n µs later.</summary>
    public const long BaseTime = 1_700_000_000_000_000_000;

    public static readonly Gen<Command> One =
        Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], Build);

    private const int Kinds = 120;

    public static readonly Gen<Command[]> Stream = One.Array[1, 120];

    /// <summary>A repeatable stream from a plain seed, for tests that need one fixed sequence (not shrinking).</summary>
    public static Command[] FromSeed(int seed, int length)
    {
        var random = new Random(seed);
        var commands = new Command[length];
        for (var i = 0; i < length; i++)
        {
            commands[i] = Build(random.Next(Kinds), random.Next(1 << 20), random.Next(1 << 20), random.Next(1 << 20));
        }

        return commands;
    }

    private static Command Build(int kind, int a, int b, int c)
    {
        var account = 1 + (a % 4);
        var spec = (b & 1) == 0 ? Feed : Plain;
        var side = (b & 2) == 0 ? Side.Buy : Side.Sell;
        var stp = (SelfTradePrevention)((b >> 2) % 4);
        var clientId = (long)(c % 6);
        // Prices around the start price, mostly on tick, sometimes off tick or outside the band.
        var ticks = (a >> 2) % 25 - 12;
        var price = spec.StartPrice + (ticks * spec.TickSize) + ((c >> 4) % 23 == 0 ? 1 : 0);
        var quantity = spec.LotSize * (1 + ((c >> 8) % 12)) + ((c >> 12) % 31 == 0 ? 1 : 0);
        // Expire times around the stamps of a stream's commands: some already past (rejected), most within it.
        var expireTime = BaseTime + (1_000L * (5 + (c % 150)));
        switch (kind)
        {
            case < 40:
                var tif = ((b >> 4) % 10) switch { < 7 => TimeInForce.Gtc, < 9 => TimeInForce.Ioc, _ => TimeInForce.Fok };
                var postOnly = tif == TimeInForce.Gtc && (b >> 8) % 6 == 0;
                var limit = Command.PlaceLimit(account, spec.Id, clientId, side, price, quantity, tif, stp, postOnly);
                return tif == TimeInForce.Gtc && (c >> 9) % 5 == 0 ? limit.GoodTill(expireTime) : limit;
            case < 46:
                var protection = (b >> 6) % 3 == 0 ? price : 0;
                return Command.PlaceMarket(account, spec.Id, clientId, side, quantity, protection, stp);
            case < 60:
                return (b & 4) == 0 ? Command.Cancel(account, 1 + (c % 40)) : Command.CancelByClientId(account, clientId);
            case < 80:
                var replace = Command.Replace(account, 1 + (c % 40), price, quantity);
                if ((b & 48) == 48)
                {
                    // Aimed at stops: a new stop price, and for stop-markets no limit price.
                    replace.StopPrice = spec.StartPrice + ((((a >> 3) % 9) - 4) * spec.TickSize);
                    replace.Price = (b & 32) == 0 ? 0 : price;
                }

                if ((b & 8) == 0)
                {
                    replace.OrderId = 0;
                    replace.ClientOrderId = clientId;
                }

                return replace;
            case < 84:
                return Command.MassCancel(account, (b & 4) == 0 ? 0 : spec.Id);
            case < 87:
                // Resume twice as often as halt, so halts do not silence most of a stream.
                return (b % 3) == 0 ? Command.Halt(spec.Id) : Command.Resume(spec.Id);
            case < 92:
                return Command.Deposit(account, 1 + (b % 3), 1 + (c % 5_000));
            case < 97:
                return Command.Withdraw(account, 1 + (b % 3), 1 + (c % 50_000));
            case < 98:
                return Command.AddAccount(account + (c % 3));
            case < 100:
                // Malformed on purpose: out-of-range enums and unknown ids.
                var bad = Command.PlaceLimit(account, 1 + (c % 4), clientId, (Side)(b % 4), price, quantity);
                bad.OrderType = (OrderType)((c >> 3) % 6);
                bad.TimeInForce = (TimeInForce)((c >> 5) % 7);
                return bad;
            case < 108:
                // Stops: buy stops above the start price and sell stops below fire once trades move there.
                var stopTicks = ((a >> 3) % 9) * ((b >> 5) % 3 == 0 ? -1 : 1);
                var stopPrice = spec.StartPrice + ((side == Side.Buy ? stopTicks : -stopTicks) * spec.TickSize);
                var stopTif = ((b >> 7) % 8) switch { < 5 => TimeInForce.Gtc, 5 => TimeInForce.Gtd, 6 => TimeInForce.Day, _ => TimeInForce.Ioc };
                var stopOrder = (kind & 1) == 0
                    ? Command.PlaceStop(account, spec.Id, clientId, side, stopPrice, quantity, (b >> 10) % 3 == 0 ? price : 0, stopTif, stp)
                    : Command.PlaceStopLimit(account, spec.Id, clientId, side, stopPrice, price, quantity,
                        stopTif == TimeInForce.Ioc && (c & 1) == 0 ? TimeInForce.Fok : stopTif, stp, (c >> 6) % 4 == 0 ? spec.LotSize : 0);
                if (stopOrder.TimeInForce == TimeInForce.Gtd)
                {
                    stopOrder.ExpireTime = expireTime;
                }

                return stopOrder;
            case < 112:
                // Quote-amount buys: market or IOC limit, sometimes capped, sometimes malformed (a sell, a GTC).
                var amount = (long)(1 + (c % 40)) * spec.StartPrice * spec.LotSize / 4;
                var quoteOrder = Command.PlaceQuoteAmount(account, spec.Id, clientId, amount, (b & 8) == 0 ? 0 : price, (b & 16) == 0 ? 0 : quantity, stp);
                if ((b >> 8) % 10 == 0)
                {
                    quoteOrder.Side = Side.Sell;
                }
                else if ((b >> 8) % 10 == 1)
                {
                    quoteOrder.TimeInForce = TimeInForce.Gtc;
                }

                return quoteOrder;
            case < 115:
                return Command.TimeTick();
            default:
                // Icebergs: slices of one to three lots, sometimes off lot or larger than the order.
                var display = (spec.LotSize * (1 + (b % 3))) + ((c >> 14) % 17 == 0 ? 1 : 0);
                var iceberg = Command.PlaceIceberg(account, spec.Id, clientId, side, price, quantity, display,
                    (b >> 6) % 5 == 0 ? TimeInForce.Ioc : TimeInForce.Gtc, stp, postOnly: (b >> 9) % 7 == 0);
                return (c >> 10) % 4 == 0 && iceberg.TimeInForce == TimeInForce.Gtc ? iceberg.GoodTill(expireTime) : iceberg;
        }
    }
}
