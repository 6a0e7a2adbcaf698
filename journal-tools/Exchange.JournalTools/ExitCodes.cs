namespace Exchange.JournalTools;

/// <summary>What a journal-tools run ended with; scripts can branch on these.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command line was wrong (unknown option, missing argument).</summary>
    public const int Usage = 1;

    /// <summary>The input is not usable: a missing folder, a file that is not a journal, a future format version.</summary>
    public const int BadInput = 2;

    /// <summary>Damage before the tail: a bad CRC, a sequence gap, a damaged header or snapshot.</summary>
    public const int Corrupt = 3;

    /// <summary>The journal is intact except for a torn final record (a crash mid-write); `repair` cuts it.</summary>
    public const int TornTail = 4;

    /// <summary>A sequence or time outside the journal (before it starts, after it ends), or an empty journal.</summary>
    public const int OutOfRange = 5;

    /// <summary><c>diff</c>: the two journals are not the same history.</summary>
    public const int Different = 6;
}
