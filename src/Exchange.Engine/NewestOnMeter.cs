using System.Diagnostics.Metrics;

namespace Exchange.Engine;

/// <summary>
/// Observable instruments created once per meter that always read the newest of a series of objects. A
/// host's meter factory hands every component of the process the same meter by name, and a cluster node
/// starts a new engine (and standby follower) on it after a journal cut or a snapshot install: creating
/// the instruments again would show each one twice to a collector, the old one reading a disposed object.
/// </summary>
public static class NewestOnMeter
{
    /// <summary>
    /// Makes <paramref name="value"/> what the meter's instruments of type <typeparamref name="T"/> read. Returns a
    /// reader of the newest value when the caller is the first on this meter and must create the instruments
    /// with it; null when they exist.
    /// </summary>
    public static Func<T>? Bind<T>(Meter meter, T value)
        where T : class
    {
        var boxes = Boxes<T>.ByMeter;
        lock (boxes)
        {
            if (boxes.TryGetValue(meter, out var existing))
            {
                existing.Value = value;
                return null;
            }

            var box = new Box<T> { Value = value };
            boxes.Add(meter, box);
            return () => box.Value!;
        }
    }

    /// <summary>One table per type of what instruments read.</summary>
    private static class Boxes<T>
        where T : class
    {
        public static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Meter, Box<T>> ByMeter = [];
    }

    private sealed class Box<T>
        where T : class
    {
        public volatile T? Value;
    }
}
