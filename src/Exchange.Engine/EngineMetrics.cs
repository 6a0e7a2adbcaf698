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

    /// <summary>
    /// Points the meter's instruments at <paramref name="engine"/>: created once per meter, they read the
    /// newest engine started on it (<see cref="NewestOnMeter"/>).
    /// </summary>
    internal static void Observe(Meter meter, ExchangeEngine engine, PipelineCounters counters, Func<long> inputRemaining, Func<long>? outputRemaining)
    {
        if (NewestOnMeter.Bind(meter, new Target(engine, counters, inputRemaining, outputRemaining)) is not { } current)
        {
            return;
        }

        meter.CreateObservableCounter("exchange.engine.commands", () => ByTag(current().Counters.Commands, CommandNames, "type"), "{command}", "Commands processed, by type");
        meter.CreateObservableCounter("exchange.engine.rejects", () => ByTag(current().Counters.Rejects, ReasonNames, "reason"), "{reject}", "Orders and requests rejected, by reason");
        meter.CreateObservableCounter("exchange.engine.busy.time", () => Volatile.Read(ref current().Counters.BusyTicks) / (double)System.Diagnostics.Stopwatch.Frequency, "s",
            "Time the business logic spent processing (from a batch's start to its last event); its rate is the busy ratio");
        meter.CreateObservableGauge("exchange.engine.sequence", () => current().Engine.ProcessedSequence, "{command}", "Sequence of the last command processed");
        meter.CreateObservableGauge("exchange.engine.faulted", () => current().Engine.Fault is null ? 0 : 1, null, "1 once the engine has fail-stopped (it processes nothing more)");
        meter.CreateObservableCounter("exchange.journal.batches", () => current().Engine.Journal.Commits, "{batch}", "Journal batches written");
        meter.CreateObservableCounter("exchange.journal.fsyncs", () => current().Engine.Journal.Syncs, "{fsync}", "Journal fsyncs");
        meter.CreateObservableCounter("exchange.journal.records", () => current().Engine.Journal.Records, "{record}", "Journal records written");
        meter.CreateObservableCounter("exchange.journal.bytes", () => current().Engine.Journal.Bytes, "By", "Journal bytes written");
        meter.CreateObservableGauge("exchange.ring.input.remaining", () => current().InputRemaining(), "{slot}", "Free slots of the input ring (0: producers wait or are refused)");
        if (outputRemaining is not null) // the compact topology has no output ring (and a process runs one topology)
        {
            meter.CreateObservableGauge("exchange.ring.output.remaining", () => current().OutputRemaining?.Invoke() ?? 0, "{slot}", "Free slots of the output ring (0: the business logic waits for the publisher)");
        }

        meter.CreateObservableGauge("exchange.recovery.duration", () => current().Engine.Recovery.Duration.TotalSeconds, "s", "Time the last start-up took to recover (snapshot load and journal replay)");
        meter.CreateObservableGauge("exchange.recovery.replayed", () => current().Engine.Recovery.ReplayedCommands, "{command}", "Commands replayed at the last start-up");
    }

    /// <summary>What the instruments read, swapped whole when a newer engine starts on the meter.</summary>
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
