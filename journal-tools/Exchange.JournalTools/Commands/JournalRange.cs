using System.Globalization;
using Exchange.Journal.Reading;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// The sequence and time bounds a command was given, checked by the same rules in every command:
/// sequences start at 1, a lower bound may not pass an upper one, a bound is a sequence or a time
/// (not both), and bounds the journal cannot answer are refused with where it starts and ends,
/// instead of printing a silent empty state.
/// </summary>
internal sealed record JournalRange(long FromSequence, long ToSequence, long FromTime, long ToTime)
{
    /// <summary>Reads the bounds (any may be absent); returns the problem, or null.</summary>
    public static string? TryRead(long? fromSeq, long? toSeq, string? fromTime, string? toTime, out JournalRange range)
    {
        range = new JournalRange(1, long.MaxValue, long.MinValue, long.MaxValue);
        if (fromSeq is not null && fromTime is not null)
        {
            return "give --from-seq or --from-time, not both";
        }

        if (toSeq is not null && toTime is not null)
        {
            return "give --to-seq or --to-time, not both";
        }

        if (fromSeq > toSeq)
        {
            return Invariant($"--from-seq {fromSeq} is after --to-seq {toSeq}");
        }

        long from = long.MinValue, to = long.MaxValue;
        if (fromTime is not null && !TimeArgument.TryParse(fromTime, out from, out var fromProblem))
        {
            return $"--from-time '{fromTime}' {fromProblem}";
        }

        if (toTime is not null && !TimeArgument.TryParse(toTime, out to, out var toProblem))
        {
            return $"--to-time '{toTime}' {toProblem}";
        }

        if (from > to)
        {
            return $"--from-time {TimeArgument.Format(from)} is after --to-time {TimeArgument.Format(to)}";
        }

        range = new JournalRange(fromSeq ?? 1, toSeq ?? long.MaxValue, from, to);
        return null;
    }

    /// <summary>
    /// Refuses bounds the journal cannot answer; null when it can. A range (dump, events, trades) must
    /// overlap the journal, and is clipped to it; a point (replay, book) must lie inside it.
    /// </summary>
    public string? Outside(JournalExtent journal, bool point = false)
    {
        if (journal.LastSequence == 0)
        {
            return "the journal is empty";
        }

        var span = $"(the journal holds sequences {journal.FirstSequence:N0}..{journal.LastSequence:N0}, {TimeArgument.Format(journal.FirstTime)} .. {TimeArgument.Format(journal.LastTime)})";
        if (FromSequence > journal.LastSequence)
        {
            return Invariant($"--from-seq {FromSequence:N0} is after the journal ends {span}");
        }

        if (ToSequence < journal.FirstSequence)
        {
            return Invariant($"--to-seq {ToSequence:N0} is before the journal starts {span}");
        }

        if (ToTime != long.MaxValue && ToTime < journal.FirstTime)
        {
            return $"--to-time {TimeArgument.Format(ToTime)} is before the journal starts {span}";
        }

        if (FromTime != long.MinValue && FromTime > journal.LastTime)
        {
            return $"--from-time {TimeArgument.Format(FromTime)} is after the journal ends {span}";
        }

        if (point && ToSequence != long.MaxValue && ToSequence > journal.LastSequence)
        {
            return Invariant($"--to-seq {ToSequence:N0} is after the journal ends {span}");
        }

        if (point && ToTime != long.MaxValue && ToTime > journal.LastTime)
        {
            return $"--to-time {TimeArgument.Format(ToTime)} is after the journal ends {span}; the state then is the state at its last sequence (--to-seq {journal.LastSequence})";
        }

        return null;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}

/// <summary>
/// Where a journal starts and ends (its first and last sequence and their times; 0s when it is empty)
/// and the instruments it lists: what a command needs to check its bounds and resolve symbols.
/// </summary>
internal readonly record struct JournalExtent(long FirstSequence, long FirstTime, long LastSequence, long LastTime, InstrumentSymbols Symbols)
{
    /// <summary>One pass over the journal (archived segments included): record headers, and the AddInstrument records' specs.</summary>
    public static JournalExtent Of(DataFolder folder)
    {
        using var cursor = new JournalCursor(folder.JournalDirectory, 0);
        long first = 0, firstTime = 0, last = 0, lastTime = 0;
        var names = new Events.SymbolNames();
        while (cursor.MoveNext())
        {
            if (first == 0)
            {
                (first, firstTime) = (cursor.Header.Sequence, cursor.Header.Timestamp);
            }

            (last, lastTime) = (cursor.Header.Sequence, cursor.Header.Timestamp);
            if (cursor.Header.CommandType == (byte)Core.Commands.CommandType.AddInstrument && cursor.ReadCommand().Instrument is { } spec)
            {
                names.Add(spec);
            }
        }

        return new JournalExtent(first, firstTime, last, lastTime, new InstrumentSymbols(names));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FirstSequence}..{LastSequence}");
}
