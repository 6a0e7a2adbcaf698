using Exchange.Core.Commands;
using Exchange.Core.Instruments;

namespace Exchange.Server.Demo;

/// <summary>
/// The instruments and accounts a fresh exchange starts with, so the README's start command works
/// with no set-up. Asset ids: 1 BTC, 2 USD, 3 ETH.
/// </summary>
internal static class DemoWorld
{
    public const int Btc = 1, Usd = 2, Eth = 3;
    public const int BtcUsd = 1, EthUsd = 2;
    public const long Alice = 1001, Bob = 1002, Carol = 1003;

    /// <summary>Demo units are whole numbers for readability: quantity in coins, price in dollars per coin.</summary>
    public static readonly InstrumentSpec BtcUsdSpec = new(BtcUsd, "BTC-USD", Btc, Usd,
        TickSize: 1, LotSize: 1, MinQuantity: 1, MaxQuantity: 1_000_000, StartPrice: 65_000,
        PriceBandTicks: 0, PriceBandBps: 1_000, MakerFeeBps: 2, TakerFeeBps: 5);

    public static readonly InstrumentSpec EthUsdSpec = new(EthUsd, "ETH-USD", Eth, Usd,
        TickSize: 1, LotSize: 1, MinQuantity: 1, MaxQuantity: 1_000_000, StartPrice: 3_000,
        PriceBandTicks: 0, PriceBandBps: 1_000, MakerFeeBps: 2, TakerFeeBps: 5);

    public static IEnumerable<Command> Setup()
    {
        yield return Command.AddInstrument(BtcUsdSpec);
        yield return Command.AddInstrument(EthUsdSpec);
        foreach (var account in new[] { Alice, Bob, Carol })
        {
            yield return Command.AddAccount(account);
            yield return Command.Deposit(account, Btc, 1_000);
            yield return Command.Deposit(account, Eth, 10_000);
            yield return Command.Deposit(account, Usd, 100_000_000);
        }
    }

    public static string AccountName(long id) => id switch
    {
        Alice => "alice",
        Bob => "bob",
        Carol => "carol",
        _ => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
