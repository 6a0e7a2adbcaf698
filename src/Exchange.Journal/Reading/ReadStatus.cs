namespace Exchange.Journal.Reading;

/// <summary>What <see cref="SegmentReader.Next"/> found.</summary>
public enum ReadStatus
{
    Record,
    EndOfSegment,
    TornTail,
}
