using Exchange.Journal.Format;

namespace Exchange.Journal.Reading;

/// <summary>
/// One pass over a whole journal that answers what recovery and <c>verify</c> must know before
/// trusting anything: where it starts and ends, its chain head, whether it ends in a torn tail, and
/// its chain value at given sequences (the snapshots'). Throws <see cref="JournalCorruptException"/>
/// on any damage that is not a torn tail.
/// </summary>
public sealed class JournalSurvey
{
    private readonly Dictionary<long, ChainValue> _chainAt = [];

    private JournalSurvey()
    {
    }

    /// <summary>First sequence in the journal; 0 when it holds no record.</summary>
    public long FirstSequence { get; private set; }

    /// <summary>Last intact, sealed sequence; 0 when the journal holds no record.</summary>
    public long LastSequence { get; private set; }

    /// <summary>The chain value after the last intact batch.</summary>
    public ChainPoint Head { get; private set; }

    public long Records { get; private set; }

    public TornTail? TornTail { get; private set; }

    /// <summary>Scans <paramref name="directory"/>; records the chain value at each of <paramref name="chainPoints"/> that is a batch boundary.</summary>
    public static JournalSurvey Scan(string directory, IReadOnlyCollection<long>? chainPoints = null, bool verifyChain = true)
    {
        var survey = new JournalSurvey();
        var wanted = chainPoints is null ? [] : new HashSet<long>(chainPoints);
        using var cursor = new JournalCursor(directory, verifyChain: verifyChain);
        while (cursor.MoveNext())
        {
            survey.Note(wanted, cursor.Chain);
            survey.FirstSequence = survey.FirstSequence == 0 ? cursor.Header.Sequence : survey.FirstSequence;
            survey.Records++;
        }

        survey.Note(wanted, cursor.Chain);
        survey.Head = cursor.Chain;
        survey.LastSequence = survey.Records == 0 ? 0 : cursor.LastSequence;
        survey.TornTail = cursor.TornTail;
        return survey;
    }

    /// <summary>The chain value at <paramref name="sequence"/> if it was asked for and is a batch boundary of this journal.</summary>
    public bool TryGetChainAt(long sequence, out ChainValue value) => _chainAt.TryGetValue(sequence, out value);

    private void Note(HashSet<long> wanted, ChainPoint chain)
    {
        if (wanted.Contains(chain.Sequence))
        {
            _chainAt[chain.Sequence] = chain.Value;
        }
    }
}
