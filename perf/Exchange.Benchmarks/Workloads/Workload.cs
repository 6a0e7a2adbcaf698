using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Matching;
using Exchange.Core.Orders;

namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// A seeded, repeatable command stream plus the engine state it starts from. The generator runs
/// its own engine while generating, so cancels and replaces name orders that are live at that
/// point; replaying the stream from <see cref="InitialState"/> gives exactly the same outcomes.
/// Mix once the book is full: ~82% replace, ~9% GTC, ~3% IOC, ~6% cancel. With
/// <see cref="WorkloadProfile.AdvancedOrders"/>, drawn from a second random source so the plain
/// profiles' streams do not change: ~3% stops and stop-limits, and icebergs and GTD orders among the new orders.
/// Commands are stamped: sequence n at time n (GTD expire times count in commands).
/// </summary>
public sealed class Workload
{
    private const int BaseAsset = 1;
    private const int QuoteAsset = 2;
    private const long MidPrice = 100_000;

    private Workload(WorkloadProfile profile, byte[] initialState, Command[] commands)
    {
        Profile = profile;
        InitialState = initialState;
        Commands = commands;
    }

    public WorkloadProfile Profile { get; }

    public byte[] InitialState { get; }

    public Command[] Commands { get; }

    public MatchingEngineOptions EngineOptions => new()
    {
        ExpectedOrders = Profile.Instruments * Profile.OrdersPerInstrument * 2,
        ExpectedAccounts = Profile.Accounts,
        ExpectedInstruments = Profile.Instruments,
        LevelsPerSide = Profile.LevelsPerSide * 2,
    };

    public MatchingEngine NewEngine() => MatchingEngine.LoadState(InitialState, EngineOptions);

    /// <summary>Runs every command through <paramref name="engine"/> (one started from <see cref="NewEngine"/>): the business logic alone, no pipeline.</summary>
    public void Replay(MatchingEngine engine, EventBuffer events)
    {
        var commands = Commands;
        for (var i = 0; i < commands.Length; i++)
        {
            events.Clear();
            engine.Process(commands[i], events);
        }
    }

    /// <summary>
    /// Writes the start state as a snapshot into a fresh data folder, so an engine started on it begins
    /// with the book full, and returns the engine options for that folder.
    /// </summary>
    public Exchange.Engine.EngineOptions PrepareDataFolder(string directory, Exchange.Engine.Durability durability)
    {
        var state = MatchingEngine.LoadState(InitialState);
        var start = new Exchange.Journal.Format.ChainPoint(state.LastSequence, Exchange.Journal.Format.ChainValue.Zero);
        new Exchange.Journal.Snapshots.SnapshotStore(Path.Combine(directory, "snapshots")).Write(state.LastSequence, state.LastTimestamp, state.StateHash(), start, InitialState);
        Exchange.Journal.Writing.JournalWriter.StartAfterSnapshot(Path.Combine(directory, "journal"), start, state.LastTimestamp);
        return new Exchange.Engine.EngineOptions
        {
            DataDirectory = directory,
            Durability = durability,
            SnapshotOnShutdown = false,
            Matching = EngineOptions,
        };
    }

    public static Workload Generate(WorkloadProfile profile)
    {
        var random = new Random(profile.Seed);
        var engine = new MatchingEngine(new MatchingEngineOptions
        {
            ExpectedOrders = profile.Instruments * profile.OrdersPerInstrument * 2,
            ExpectedAccounts = profile.Accounts,
            ExpectedInstruments = profile.Instruments,
        });
        var events = new EventBuffer();
        var sequence = 0L;
        Command Apply(Command c)
        {
            c.Sequence = ++sequence;
            c.Timestamp = sequence;
            events.Clear();
            engine.Process(c, events);
            return c;
        }

        for (var i = 1; i <= profile.Instruments; i++)
        {
            Apply(Command.AddInstrument(new InstrumentSpec(i, $"S{i}", BaseAsset, QuoteAsset, TickSize: 1, LotSize: 1, MinQuantity: 1,
                MaxQuantity: 1_000_000, StartPrice: MidPrice, PriceBandTicks: 0, PriceBandBps: 0, MakerFeeBps: 2, TakerFeeBps: 5)));
        }

        // The engine bounds each asset's total supply by long.MaxValue, so share it out among the accounts.
        var quotePerAccount = long.MaxValue / 2 / profile.Accounts;
        var basePerAccount = quotePerAccount / MidPrice;
        for (long a = 1; a <= profile.Accounts; a++)
        {
            Apply(Command.AddAccount(a));
            Apply(Command.Deposit(a, BaseAsset, basePerAccount));
            Apply(Command.Deposit(a, QuoteAsset, quotePerAccount));
        }

        var live = new LiveOrders();
        var clientIds = new long[profile.Accounts + 1];
        var commands = new List<Command>(profile.Commands);
        var fillTarget = profile.Instruments * profile.OrdersPerInstrument;
        byte[]? initial = null;
        var pareto = new ParetoPicker(profile.Instruments, profile.ParetoShape, random);
        var extra = new Random(profile.Seed + 1);

        while (commands.Count < profile.Commands)
        {
            var filling = initial is null;
            if (filling && live.Count >= fillTarget)
            {
                initial = engine.SaveState();
                filling = false;
            }

            var instrument = filling ? 1 + (int)(live.Count % profile.Instruments) : pareto.Next();
            var account = 1 + random.Next(profile.Accounts);
            var roll = random.NextDouble();
            Command command;
            // The mix holds the book near its target size: below it a cancel becomes a new GTC order, above it the reverse.
            var belowTarget = live.Count < fillTarget;
            if (filling)
            {
                command = NewGtc(random, instrument, account, ++clientIds[account], profile, passive: true);
            }
            else if (profile.AdvancedOrders && extra.NextDouble() < 0.03)
            {
                command = NewStop(extra, engine, instrument, account, ++clientIds[account], sequence);
            }
            else if (roll < 0.82 && live.TryPick(random, instrument, out var move))
            {
                var side = move.Side;
                var price = PassivePrice(random, side, profile) + (random.Next(20) == 0 ? Cross(side) : 0);
                command = Command.Replace(move.Account, move.OrderId, price, 1 + random.Next(100));
            }
            else if (roll < 0.94 && roll >= 0.91)
            {
                var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                var price = side == Side.Buy ? MidPrice + (profile.LevelsPerSide / 4) : MidPrice - (profile.LevelsPerSide / 4);
                command = Command.PlaceLimit(account, instrument, ++clientIds[account], side, price, 1 + random.Next(50), TimeInForce.Ioc);
            }
            else if (roll >= 0.94 && !belowTarget && live.TryPick(random, instrument, out var target))
            {
                command = Command.Cancel(target.Account, target.OrderId);
            }
            else
            {
                command = NewGtc(random, instrument, account, ++clientIds[account], profile, passive: random.Next(10) != 0);
            }

            if (profile.AdvancedOrders && command.Type == CommandType.PlaceOrder && command.OrderType == OrderType.Limit && command.TimeInForce == TimeInForce.Gtc)
            {
                var kind = extra.Next(10);
                if (kind < 2 && command.Quantity >= 4)
                {
                    command.DisplayQuantity = command.Quantity / 4;
                }
                else if (kind == 2)
                {
                    command = command.GoodTill(sequence + 1 + extra.Next(1_000, 50_000));
                }
            }

            var stamped = Apply(command);
            live.Apply(events.Events);
            if (!filling)
            {
                commands.Add(stamped);
            }
        }

        return new Workload(profile, initial ?? engine.SaveState(), [.. commands]);
    }

    /// <summary>A stop just beyond the last trade (so it does not fire at once), good for 2k–20k commands.</summary>
    private static Command NewStop(Random random, MatchingEngine engine, int instrument, long account, long clientId, long now)
    {
        engine.TryGetInstrument(instrument, out var view);
        var last = view.LastTradePrice != 0 ? view.LastTradePrice : MidPrice;
        var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var stopPrice = side == Side.Buy ? last + 1 + random.Next(30) : last - 1 - random.Next(30);
        var command = random.Next(3) == 0
            ? Command.PlaceStop(account, instrument, clientId, side, stopPrice, 1 + random.Next(20), protectionPrice: side == Side.Buy ? stopPrice + 100 : 0)
            : Command.PlaceStopLimit(account, instrument, clientId, side, stopPrice, side == Side.Buy ? stopPrice + 5 : stopPrice - 5, 1 + random.Next(20));
        return command.GoodTill(now + 1 + random.Next(2_000, 20_000));
    }

    private static long Cross(Side side) => side == Side.Buy ? 200 : -200;

    private static long PassivePrice(Random random, Side side, WorkloadProfile profile)
    {
        var offset = 1 + random.Next(profile.LevelsPerSide);
        return side == Side.Buy ? MidPrice - offset : MidPrice + offset;
    }

    private static Command NewGtc(Random random, int instrument, long account, long clientId, WorkloadProfile profile, bool passive)
    {
        var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var price = PassivePrice(random, side, profile);
        if (!passive)
        {
            price += Cross(side);
        }

        return Command.PlaceLimit(account, instrument, clientId, side, price, 1 + random.Next(100));
    }
}
