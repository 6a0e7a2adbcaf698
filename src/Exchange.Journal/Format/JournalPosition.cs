namespace Exchange.Journal.Format;

/// <summary>
/// A place in the journal just after a committed batch: the segment (by its first sequence) and the byte
/// offset there. Kept with a snapshot, it lets start-up resume reading at the snapshot instead of reading
/// the snapshot's segment from its start.
/// </summary>
public readonly record struct JournalPosition(long SegmentFirstSequence, long Offset);
