using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Matching;

namespace Exchange.Testing;

/// <summary>
/// A <see cref="MatchingEngine"/> with a sequencer stand-in: stamps each command with the next
/// sequence number and a timestamp, and returns its events as an array. For tests only.
/// </summary>
public sealed class TestExchange
{
    private readonly EventBuffer _buffer = new();
    private long _sequence;
    private long _offset;

    public TestExchange(MatchingEngine? engine = null)
    {
        Engine = engine ?? new MatchingEngine();
        _sequence = Engine.LastSequence;
    }

    public MatchingEngine Engine { get; }

    /// <summary>Engine time now: <see cref="RandomCommands.BaseTime"/> + 1 µs per command so far + any <see cref="AdvanceTime"/> (each command is stamped after its increment).</summary>
    public long Now => RandomCommands.BaseTime + (_sequence * 1_000) + _offset;

    /// <summary>Moves the clock on (the next command is stamped that much later); for expiry tests.</summary>
    public void AdvanceTime(TimeSpan by) => _offset += by.Ticks * 100;

    /// <summary>Every command submitted, stamped, in order: what a journal would hold.</summary>
    public List<Command> Journal { get; } = [];

    public Event[] Submit(Command command)
    {
        command.Sequence = ++_sequence;
        command.Timestamp = Now;
        Journal.Add(command);
        _buffer.Clear();
        Engine.Process(command, _buffer);
        return _buffer.Events.ToArray();
    }

    public TestExchange WithInstrument(InstrumentSpec spec)
    {
        Expect(Submit(Command.AddInstrument(spec)), EventType.InstrumentAdded);
        return this;
    }

    /// <summary>Adds an account and deposits the given (asset, amount) pairs.</summary>
    public TestExchange WithAccount(long account, params (int Asset, long Amount)[] deposits)
    {
        Expect(Submit(Command.AddAccount(account)), EventType.AccountAdded);
        foreach (var (asset, amount) in deposits)
        {
            Expect(Submit(Command.Deposit(account, asset, amount)), EventType.BalanceChanged);
        }

        return this;
    }

    private static void Expect(Event[] events, EventType type)
    {
        if (events.Length != 1 || events[0].Type != type)
        {
            throw new InvalidOperationException($"Set-up expected {type}, got {string.Join(", ", events.Select(e => $"{e.Type}/{e.Reason}"))}.");
        }
    }
}
