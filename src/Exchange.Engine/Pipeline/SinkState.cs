namespace Exchange.Engine.Pipeline;

/// <summary>Saving and loading the read models (<see cref="ISnapshotSink"/>) that go with a snapshot.</summary>
internal static class SinkState
{
    /// <summary>The section that records where the journal ended at the snapshot (not a read model).</summary>
    public const string JournalPositionName = "journal-position";

    public static byte[] EncodePosition(Exchange.Journal.Format.JournalPosition position)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, position.SegmentFirstSequence);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), position.Offset);
        return bytes;
    }

    public static Exchange.Journal.Format.JournalPosition? DecodePosition(Dictionary<string, ReadOnlyMemory<byte>> sections) =>
        sections.TryGetValue(JournalPositionName, out var bytes) && bytes.Length == 16
            ? new(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes.Span), System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes.Span[8..]))
            : null;

    public static bool Any(IEventSink[] sinks)
    {
        foreach (var sink in sinks)
        {
            if (sink is ISnapshotSink)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every read model's state, or null when one of them failed to save (the snapshot then goes without).</summary>
    public static List<KeyValuePair<string, byte[]>>? Save(IEventSink[] sinks, Action<Exception, IEventSink> onFailure)
    {
        var sections = new List<KeyValuePair<string, byte[]>>();
        foreach (var sink in sinks)
        {
            if (sink is not ISnapshotSink stateful)
            {
                continue;
            }

            try
            {
                sections.Add(new(stateful.StateName, stateful.SaveState()));
            }
            catch (Exception ex)
            {
                onFailure(ex, sink);
                return null;
            }
        }

        return sections;
    }

    /// <summary>Whether <paramref name="sections"/> has a state for every read model.</summary>
    public static bool Covers(IEventSink[] sinks, Dictionary<string, ReadOnlyMemory<byte>> sections)
    {
        foreach (var sink in sinks)
        {
            if (sink is ISnapshotSink stateful && !sections.ContainsKey(stateful.StateName))
            {
                return false;
            }
        }

        return true;
    }

    public static void Load(IEventSink[] sinks, Dictionary<string, ReadOnlyMemory<byte>> sections)
    {
        foreach (var sink in sinks)
        {
            if (sink is ISnapshotSink stateful)
            {
                stateful.LoadState(sections[stateful.StateName]);
            }
        }
    }
}
