namespace Exchange.Journal.Format;

/// <summary>Bits of the segment header's flags field.</summary>
[Flags]
public enum SegmentFeatures : ushort
{
    None = 0,

    /// <summary>Records are grouped in LZ4-compressed blocks (<see cref="BlockHeader"/>).</summary>
    Lz4Blocks = 1,
}
