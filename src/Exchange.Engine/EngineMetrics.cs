using System.Diagnostics.Metrics;
using Exchange.Core.Commands;
using Exchange.Core.Orders;
using Exchange.Engine.Pipeline;

namespace Exchange.Engine;

/// <summary>
/// The engine's instruments on meter <c>Exchange.Engine</c> (created through the host's
/// <see cref="IMeterFactory"/>, <see cref="EngineOptions.MeterFactory"/>). What an operator watches:
/// throughput by command type, rejects by reason, the journal's batches, fsyncs and their time, how
/// full the rings are, snapshot cost, recovery time and whether the engine has failed. Observable
/// instruments read counters the pipeline keeps anyway, at collection time, so watching costs the
/// pipeline nothing; histograms are recorded per batch or per snapshot (<see cref="PipelineCounters"/>).
/// </summary>
public static class EngineMetrics
{
    public const string MeterName = "Exchange.Engine";

    private static readonly string[] CommandNames = Names<CommandType>(256);
    private static readonly string[] ReasonNames = Names<RejectReason>(64);

    /// <summary>The engine each meter's instruments read from: the newest one started on it.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Meter, Source> Sources = [];

    /// <summary>
    /// Points the meter's instruments at <paramref name="engine"/>. A host's meter factory hands every
    /// engine of the process the same meter, and a cluster node starts a new engine on it after a
    /// journal cut: the instruments are created once per meter and read the newest engine, so a
    /// collector never sees the same instrument twice, one of them reading an engine long disposed.
    /// </summary>
    internal static void Observe(Meter meter, ExchangeEngine engine, PipelineCounters counters, Func<long> inputRemaining, Func<long>? outputRemaining)
    {
        var target = new Target(engine, counters, inputRemaining, outputRemaining);
        Source s;
        lock (Sources)
        {
            if (Sources.TryGetValue(meter, out var existing))
            {
                existing.Current = target;
                return;
            }

            s = new Source { Current = target };
            Sources.Add(meter, s);
        }

        meter.CreateObservableCounter("exchange.engine.commands", () => ByTag(s.Current.Counters.Commands, CommandNames, "type"), "{command}", "Commands processed, by type");
        meter.CreateObservableCounter("exchange.engine.rejects", () => ByTag(s.Current.Counters.Rejects, ReasonNames, "reason"), "{reject}", "Orders and requests rejected, by reason");
        meter.CreateObservableCounter("exchange.engine.busy.time", () => Volatile.Read(ref s.Current.Counters.BusyTicks) / (double)System.Diagnostics.Stopwatch.Frequency, "s",
            "Time the business logic spent processing (from a batch's start to its last event); its rate is the busy ratio");
        meter.CreateObservableGauge("exchange.engine.sequence", () => s.Current.Engine.ProcessedSequence, "{command}", "Sequence of the last command processed");
        meter.CreateObservableGauge("exchange.engine.faulted", () => s.Current.Engine.Fault is null ? 0 : 1, null, "1 once the engine has fail-stopped (it processes nothing more)");
        meter.CreateObservableCounter("exchange.journal.batches", () => s.Current.Engine.Journal.Commits, "{batch}", "Journal batches written");
        meter.CreateObservableCounter("exchange.journal.fsyncs", () => s.Current.Engine.Journal.Syncs, "{fsync}", "Journal fsyncs");
        meter.CreateObservableCounter("exchange.journal.records", () => s.Current.Engine.Journal.Records, "{record}", "Journal records written");
        meter.CreateObservableCounter("exchange.journal.bytes", () => s.Current.Engine.Journal.Bytes, "By", "Journal bytes written");
        meter.CreateObservableGauge("exchange.ring.input.remaining", () => s.Current.InputRemaining(), "{slot}", "Free slots of the input ring (0: producers wait or are refused)");
        if (outputRemaining is not null) // the compact topology has no output ring (and a process runs one topology)
        {
            meter.CreateObservableGauge("exchange.ring.output.remaining", () => s.Current.OutputRemaining?.Invoke() ?? 0, "{slot}", "Free slots of the output ring (0: the business logic waits for the publisher)");
        }

        meter.CreateObservableGauge("exchange.recovery.duration", () => s.Current.Engine.Recovery.Duration.TotalSeconds, "s", "Time the last start-up took to recover (snapshot load and journal replay)");
        meter.CreateObservableGauge("exchange.recovery.replayed", () => s.Current.Engine.Recovery.ReplayedCommands, "{command}", "Commands replayed at the last start-up");
    }

    /// <summary>The engine a meter's instruments read: the newest one started on it.</summary>
    private sealed class Source
    {
        private volatile Target? _current;

        public Target Current
        {
            get => _current!;
            set => _current = value;
        }
    }

    private sealed record Target(ExchangeEngine Engine, PipelineCounters Counters, Func<long> InputRemaining, Func<long>? OutputRemaining);

    private static List<Measurement<long>> ByTag(long[] counts, string[] names, string tag)
    {
        var measurements = new List<Measurement<long>>();
        for (var i = 0; i < counts.Length; i++)
        {
            var count = Volatile.Read(ref counts[i]);
            if (count != 0)
            {
                measurements.Add(new Measurement<long>(count, new KeyValuePair<string, object?>(tag, names[i])));
            }
        }

        return measurements;
    }

    private static string[] Names<T>(int length)
        where T : struct, Enum
    {
        var names = new string[length];
        for (var i = 0; i < length; i++)
        {
            names[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var value in Enum.GetValues<T>())
        {
            var index = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
            if (index < length)
            {
                names[index] = value.ToString();
            }
        }

        return names;
    }
}
