using System.Diagnostics.Metrics;

namespace Exchange.Testing;

/// <summary>
/// A meter factory that behaves like the host's: one meter per name for the factory's whole life, so
/// every component of a test that asks for a meter by name gets the same one, as in the server.
/// </summary>
public sealed class CachingMeterFactory : IMeterFactory
{
    private readonly Dictionary<string, Meter> _meters = [];

    /// <summary>The meters this factory made (a listener enables only these, not other tests' meters).</summary>
    public IReadOnlyCollection<Meter> Created
    {
        get
        {
            lock (_meters)
            {
                return [.. _meters.Values];
            }
        }
    }

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_meters)
        {
            if (!_meters.TryGetValue(options.Name, out var meter))
            {
                meter = new Meter(options.Name);
                _meters[options.Name] = meter;
            }

            return meter;
        }
    }

    /// <summary>Publishes the current value of every observable instrument of this factory's meter <paramref name="meterName"/>: instrument name → the values reported, one per instrument of that name.</summary>
    public Dictionary<string, List<long>> Observe(string meterName)
    {
        var values = new Dictionary<string, List<long>>();
        var mine = Created;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName && mine.Contains(instrument.Meter) && instrument.IsObservable)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(values, instrument.Name, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(values, instrument.Name, value));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private static void Add(Dictionary<string, List<long>> values, string name, long value)
    {
        if (!values.TryGetValue(name, out var list))
        {
            values[name] = list = [];
        }

        list.Add(value);
    }

    public void Dispose()
    {
        foreach (var meter in Created)
        {
            meter.Dispose();
        }
    }
}
