using System.Runtime.ExceptionServices;
using Exchange.Core.Commands;
using Exchange.Journal.Format;

namespace Exchange.Journal.Reading;

/// <summary>
/// Reads a journal's commands ahead of the thread that applies them: on a machine with more than
/// one core a reader thread does everything a <see cref="JournalCursor"/> does (read, CRC, LZ4,
/// seal and hash-chain checks) and decodes the commands into chunks, so a replay pays only for
/// applying them. Only commands of batches checked whole are ever handed out, in journal order;
/// damage found while reading ahead is thrown from <see cref="Next"/> after every command before
/// it has been handed out, exactly where a plain cursor would have thrown it.
/// </summary>
public sealed class CommandReadAhead : IDisposable
{
    private const int ChunkSize = 1024;
    private const int ChunkCount = 4;

    private readonly JournalCursor _cursor;
    private readonly long _to;
    private readonly Action<ChainPoint>? _observeChain;
    private readonly Command[][] _chunks = new Command[ChunkCount][];
    private readonly int[] _counts = new int[ChunkCount];
    private readonly bool[] _last = new bool[ChunkCount];
    private readonly SemaphoreSlim _filled = new(0);
    private readonly SemaphoreSlim _free = new(ChunkCount);
    private readonly Thread? _reader;
    private volatile bool _stopping;
    private long _expected;
    private int _produced;
    private int _consumed;
    private bool _holding;
    private bool _ended;
    private bool _lastHandedOut;
    private ExceptionDispatchInfo? _failure;

    /// <param name="cursor">The journal, positioned by its constructor's arguments; owned by this reader from now on.</param>
    /// <param name="fromSequence">The first command expected (the replay starts after a snapshot).</param>
    /// <param name="toSequence">Stop before the first command after this one.</param>
    /// <param name="observeChain">Shown the chain point before each command, on the reading thread, in order (snapshot bindings); may throw.</param>
    /// <param name="readOnOwnThread">Read on a thread of its own (default: when the machine has more than one core).</param>
    public CommandReadAhead(JournalCursor cursor, long fromSequence, long toSequence = long.MaxValue, Action<ChainPoint>? observeChain = null, bool? readOnOwnThread = null)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        _cursor = cursor;
        _expected = fromSequence;
        _to = toSequence;
        _observeChain = observeChain;
        for (var i = 0; i < ChunkCount; i++)
        {
            _chunks[i] = new Command[ChunkSize];
        }

        if (readOnOwnThread ?? Environment.ProcessorCount > 1)
        {
            _reader = new Thread(ReadAll) { IsBackground = true, Name = "journal-read-ahead" };
            _reader.Start();
        }
    }

    /// <summary>Whether reading stopped at the end of the journal (false: at the first command past the wanted one).</summary>
    public bool ReachedEnd { get; private set; } = true;

    /// <summary>The cursor, for its chain value, last sequence and torn tail once <see cref="Next"/> has returned an empty chunk.</summary>
    public JournalCursor Cursor => _ended ? _cursor : throw new InvalidOperationException("The journal is still being read.");

    /// <summary>
    /// The next commands in sequence order (valid until the next call); empty once the journal or
    /// the wanted range has ended. Throws the damage the reader found after the commands before it.
    /// </summary>
    public ReadOnlySpan<Command> Next()
    {
        if (_ended)
        {
            return [];
        }

        if (_holding)
        {
            _free.Release();
            _holding = false;
        }

        if (_lastHandedOut)
        {
            return Finish();
        }

        if (_reader is null)
        {
            _free.Wait();
            FillNext();
        }

        _filled.Wait();
        var slot = _consumed++ % ChunkCount;
        _lastHandedOut = _last[slot];
        if (_counts[slot] == 0)
        {
            return Finish();
        }

        _holding = true;
        return _chunks[slot].AsSpan(0, _counts[slot]);
    }

    public void Dispose()
    {
        if (_reader is not null && !_ended)
        {
            _stopping = true;
            _free.Release(ChunkCount);
            _reader.Join();
        }

        _cursor.Dispose();
        _filled.Dispose();
        _free.Dispose();
    }

    private ReadOnlySpan<Command> Finish()
    {
        _ended = true;
        _reader?.Join();
        _failure?.Throw();
        return [];
    }

    private void ReadAll()
    {
        while (true)
        {
            _free.Wait();
            if (_stopping || !FillNext())
            {
                return;
            }
        }
    }

    /// <summary>Fills the next slot and publishes it, marked last at the end of the range, the journal or at damage; false once the last is published.</summary>
    private bool FillNext()
    {
        var slot = _produced++ % ChunkCount;
        var chunk = _chunks[slot];
        var count = 0;
        var more = true;
        try
        {
            while (count < ChunkSize)
            {
                if (!_cursor.MoveNext())
                {
                    more = false;
                    break;
                }

                _observeChain?.Invoke(_cursor.Chain);
                var command = _cursor.ReadCommand();
                if (command.Sequence > _to)
                {
                    ReachedEnd = false;
                    more = false;
                    break;
                }

                if (command.Sequence != _expected)
                {
                    throw new JournalCorruptException(_cursor.Segment, _cursor.Offset, command.Sequence, $"replay expected sequence {_expected}");
                }

                _expected++;
                chunk[count++] = command;
            }
        }
#pragma warning disable CA1031 // whatever stops the reading thread is handed to the applying thread, in order
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
            more = false;
        }

        _counts[slot] = count;
        _last[slot] = !more;
        _filled.Release();
        return more;
    }
}
