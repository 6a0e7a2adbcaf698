namespace Exchange.Journal.Reading;

/// <summary>
/// An incomplete last record (a crash in the middle of a write): everything from
/// <see cref="Offset"/> to the end of <see cref="Segment"/> is to be cut. Records before it are intact.
/// </summary>
public sealed record TornTail(string Segment, long Offset, long Bytes, string Reason);
