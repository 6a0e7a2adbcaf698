using Exchange.Core.Commands;
using Exchange.Core.Matching;
using Exchange.Disruptor;
using Exchange.Disruptor.Dsl;
using Exchange.Disruptor.Processing;
using Exchange.Engine.Pipeline;
using Exchange.Engine.Recovery;
using Exchange.Journal.Format;
using Exchange.Journal.Snapshots;
using Exchange.Journal.Writing;
using Microsoft.Extensions.Logging;

namespace Exchange.Engine;

/// <summary>
/// The running exchange: the whole LMAX pipeline wired in one place.
/// <code>
///  Submit() ──► input ring (multi producer)
///                 │ 1. Journaller: stamp sequence + time, append, commit per batch (sync: fsync; async: the journal-sync thread fsyncs on an interval)
///                 ▼    (the replication tap, EngineOptions.CommitObserver, sees each batch here: docs/replication.md)
///               2. BusinessLogic: MatchingEngine.Process, events → output ring; snapshots between commands
///                 ▼
///               output ring (single producer) ──► 3. Publisher: IEventSink subscribers
/// </code>
/// That is the dedicated topology; the compact one (<see cref="PipelineTopology"/>) runs the same three
/// stages in turn on one thread, with no output ring. In both, the business logic sees a command only
/// after the journaller has finished its batch, so in sync mode nothing is processed, let alone
/// released, before it is on disk.
/// <para>Fail-stop: a journal write or fsync failure, or an exception in the business logic, puts the
/// engine in its one faulted state (<see cref="Fault"/>, <see cref="Failed"/>): nothing passes the
/// business logic beyond the last durable batch, <see cref="Submit"/> refuses, and the host is
/// expected to end its sessions and exit non-zero. docs/engine.md states the whole contract.</para>
/// </summary>
public sealed class ExchangeEngine : IDisposable
{
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly MatchingEngine _engine;
    private readonly JournalWriter _writer;
    private readonly SnapshotScheduler _snapshots;
    private readonly IEventSink[] _sinks;
    private readonly System.Diagnostics.Metrics.Meter? _meter;
    private readonly PipelineCounters _counters;
    private readonly bool _saveSinks;
    private readonly Disruptor<InputSlot> _input;
    private readonly Disruptor<OutputSlot>? _output;
    private readonly RingBuffer<InputSlot> _inputRing;
    private readonly ManualResetEventSlim _stopping = new();
    private readonly Thread? _snapshotTimer;
    private readonly JournalSyncer? _syncer;
    private readonly Thread? _timeTicker;
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _fault;
    private int _accepting = 1;
    private int _replica;
    private readonly object _replicaGate = new();
    private int _disposed;

    private ExchangeEngine(EngineOptions options, ILogger logger, RecoveryResult recovery, IEventSink[] sinks)
    {
        _options = options;
        _logger = logger;
        _engine = recovery.Engine;
        Recovery = recovery;
        _writer = new JournalWriter(options.JournalDirectory, new JournalWriterOptions
        {
            SegmentBytes = options.JournalSegmentBytes,
            SyncOnCommit = options.Durability == Durability.Sync,
            Lz4Blocks = options.JournalCompression,
            InitialChain = recovery.Chain.Value,
            RecoveredEnd = recovery.Chain, // recovery read the journal to its end: the writer need not read its last segment again
            Io = options.JournalIo ?? SegmentIo.Default,
            HashChain = options.JournalHashChain,
            Observer = options.CommitObserver,
        });
        _replica = options.Replica ? 1 : 0;
        // An empty journal may follow a snapshot; a non-empty one must end exactly where the state does.
        if (_writer.LastSequence != 0 && _writer.LastSequence != _engine.LastSequence)
        {
            throw new InvalidOperationException($"Journal ends at {_writer.LastSequence} but the recovered state is at {_engine.LastSequence}.");
        }

        _sinks = sinks;
        _meter = options.MeterFactory?.Create(new System.Diagnostics.Metrics.MeterOptions(EngineMetrics.MeterName));
        _counters = new PipelineCounters(_meter);
        _saveSinks = options.RebuildSinksFromJournal && SinkState.Any(sinks);
        var store = new SnapshotStore(options.SnapshotDirectory, options.SnapshotsToKeep);
        _snapshots = new SnapshotScheduler(store, logger, _saveSinks, options.ArchiveJournal ? () => ArchiveBeforeOldestSnapshot(store) : null);

        Topology = PipelineTopologies.Resolve(options.Topology, Environment.ProcessorCount);
        var publisher = new Publisher(sinks, _snapshots, (ex, sink, sequence) => EngineLog.SubscriberFailed(logger, ex, sink.GetType().Name, sequence), _counters, options.Clock, options.StageTrace);
        var journaller = new Journaller(_writer, options.Clock, _engine.LastSequence, _engine.LastTimestamp, _counters, options.StageTrace is not null);
        _input = new Disruptor<InputSlot>(options.InputRingSize, ProducerType.Multi, WaitStrategyFor(options.Wait),
            exceptionPolicy: ExceptionPolicy.Halt,
            onError: (ex, _) => Fail(ex));
        Func<long>? outputRemaining = null;
        if (Topology == PipelineTopology.Compact)
        {
            // One thread: journal a batch, commit it, process it, publish its events (PipelineTopology.Compact).
            var logic = new BusinessLogic<DirectOutput>(_engine, new DirectOutput(publisher, (ex, sequence) => EngineLog.PublisherFailed(logger, ex, sequence)), _snapshots, options.SnapshotEveryCommands, recovery.Chain, _writer.Position, _saveSinks, _counters, options.InjectFault, options.StageTrace);
            _input.HandleEventsWith(new CompactPipeline(_input.RingBuffer, journaller, logic, Math.Max(1, options.CompactBatchLimit)));
        }
        else
        {
            // 3. Output ring → publisher.
            _output = new Disruptor<OutputSlot>(options.OutputRingSize, ProducerType.Single, WaitStrategyFor(options.Wait),
                exceptionPolicy: ExceptionPolicy.LogAndContinue,
                onError: (ex, slot) => EngineLog.PublisherFailed(logger, ex, slot));
            _output.HandleEventsWith(publisher);
            var outputRing = _output.Start();
            outputRemaining = outputRing.RemainingCapacity;

            // 1 → 2. Input ring → journaller → business logic.
            var group = _input.HandleEventsWith(journaller);
            group.Then(new BusinessLogic<RingOutput>(_engine, new RingOutput(outputRing), _snapshots, options.SnapshotEveryCommands, recovery.Chain, _writer.Position, _saveSinks, _counters, options.InjectFault, options.StageTrace));
        }

        _inputRing = _input.Start();
        if (_meter is not null)
        {
            EngineMetrics.Observe(_meter, this, _counters, _inputRing.RemainingCapacity, outputRemaining);
        }

        // Async mode fsyncs beside the pipeline, on the syncer's thread, in every topology.
        if (options.Durability == Durability.Async)
        {
            _syncer = new JournalSyncer(_writer, options.AsyncSyncInterval, Fail, _counters.SyncDuration);
        }
        if (options.TimeTickInterval > TimeSpan.Zero)
        {
            _timeTicker = StartIntervalThread("time-ticker", options.TimeTickInterval, TickIfDue);
        }

        if (options.SnapshotInterval is { } interval)
        {
            _snapshotTimer = StartIntervalThread("snapshot-interval", interval, () =>
            {
                RequestSnapshot();
                return true;
            });
        }
    }

    private static IWaitStrategy WaitStrategyFor(PipelineWait wait) => wait switch
    {
        PipelineWait.Yielding => new YieldingWaitStrategy(),
        PipelineWait.Spinning => new BusySpinWaitStrategy(),
        _ => new BlockingWaitStrategy(),
    };

    /// <summary>The topology the pipeline runs in (<see cref="EngineOptions.Topology"/>, with Auto resolved from the core count).</summary>
    public PipelineTopology Topology { get; }

    /// <summary>
    /// Runs <paramref name="tick"/> every interval until shutdown or until it returns false. A
    /// dedicated thread, not a thread-pool timer: snapshots and time ticks must not depend on a pool
    /// that may be starved.
    /// </summary>
    private Thread StartIntervalThread(string name, TimeSpan interval, Func<bool> tick)
    {
        var thread = new Thread(() =>
        {
            while (!_stopping.Wait(interval) && tick())
            {
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    /// <summary>
    /// Puts time into the journal when nothing else does. The business logic has no clock: a GTD or
    /// day order expires at the first command stamped at or after its expire time. Once the
    /// sequencer's clock has passed the engine's earliest expire time (a volatile long the business
    /// logic publishes), this submits a <see cref="Command.TimeTick"/>, stamped and journaled like
    /// any command, so the expiry it causes replays exactly. Nothing is submitted while no order is
    /// due, so an idle exchange's journal does not grow. False once shutdown has begun or the engine failed.
    /// </summary>
    private bool TickIfDue() => IsReplica || SequencerClock.Now(_options.Clock) < _engine.NextExpiry || Submit(Command.TimeTick());

    /// <summary>True while the engine is a hot standby (<see cref="EngineOptions.Replica"/>): it takes replicated batches only.</summary>
    public bool IsReplica => Volatile.Read(ref _replica) == 1;

    /// <summary>The journal's chain point after its last committed batch (what a standby tells its primary it holds).</summary>
    public ChainPoint JournalChain => _writer.Chain;

    /// <summary>
    /// A standby's input: writes a batch its primary committed to this journal, byte for byte (checking
    /// that it continues this journal's chain), makes it durable, and only then queues its commands for
    /// the business logic, stamped as the primary stamped them. Returns once the batch is durable here
    /// (what the standby acknowledges); processing follows asynchronously, as on the primary. One caller
    /// thread at a time.
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine is not a standby, or has stopped.</exception>
    /// <exception cref="InvalidDataException">The batch does not continue this journal (another history).</exception>
    public void ApplyReplicated(ReadOnlySpan<byte> records, long firstSequence, int count, ChainPoint end)
    {
        lock (_replicaGate)
        {
            if (!IsReplica || Volatile.Read(ref _accepting) == 0)
            {
                throw new InvalidOperationException("The engine takes replicated batches only as a running standby.");
            }

            try
            {
                _writer.CommitReplicated(records, firstSequence, count, end);
                _writer.Sync();
            }
            catch (JournalWriteFailedException ex)
            {
                Fail(ex);
                throw new InvalidOperationException("The standby's journal failed: " + ex.Message, ex);
            }

            var position = _writer.Position;
            var offset = 0;
            for (var i = 0; i < count; i++)
            {
                var header = RecordHeader.Read(records[offset..]);
                var command = CommandCodec.Decode((CommandType)header.CommandType, header.CommandVersion, header.Sequence, header.Timestamp,
                    records.Slice(offset + RecordHeader.Size, header.PayloadLength));
                offset += header.TotalLength;
                if (!TryClaim(out var sequence))
                {
                    throw new InvalidOperationException("The standby engine stopped while a replicated batch was queued.");
                }

                ref var slot = ref _inputRing[sequence];
                slot.Command = command;
                slot.IsSnapshotRequest = false;
                slot.Query = null;
                slot.Replicated = true;
                slot.EndsJournalBatch = i == count - 1;
                slot.BatchChain = end;
                slot.BatchPosition = position;
                slot.CommittedTicks = 0;
                _inputRing.Publish(sequence);
            }
        }
    }

    /// <summary>
    /// Ends standby mode: from now on the engine stamps, journals and processes submitted commands as a
    /// primary, continuing the sequence and the chain from the last replicated batch. The caller has stopped
    /// calling <see cref="ApplyReplicated"/>; replicated commands still queued are processed first, in order.
    /// </summary>
    public void Promote()
    {
        lock (_replicaGate)
        {
            Volatile.Write(ref _replica, 0);
        }
    }

    /// <summary>How the state was rebuilt at start.</summary>
    public RecoveryResult Recovery { get; }

    /// <summary>The failure that stopped the engine (fail-stop), if any: a journal write or fsync error, or an exception in the business logic.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Completes, with the cause, when the engine fail-stops (never when it stops normally). The host awaits it to end sessions and exit non-zero.</summary>
    public Task<Exception> Failed => _failed.Task;

    /// <summary>The last sequence known to be on disk (fsynced).</summary>
    public long DurableSequence => _writer.DurableSequence;

    /// <summary>
    /// Enters the faulted state once: stop accepting, log one line naming the cause and where the
    /// state and the journal end, and complete <see cref="Failed"/>. Called from the failing thread.
    /// </summary>
    private void Fail(Exception cause)
    {
        if (Interlocked.CompareExchange(ref _fault, cause, null) is not null)
        {
            return;
        }

        Volatile.Write(ref _accepting, 0);
        EngineLog.FailStop(_logger, $"{cause.GetType().Name}: {cause.Message}", _engine.LastSequence, _writer.DurableSequence);
        EngineLog.FailStopDetail(_logger, cause);
        _failed.TrySetResult(cause);
    }

    /// <summary>Journal counters: batches, fsyncs, records and bytes written since start (read from any thread; approximate while running).</summary>
    public JournalStatistics Journal => new(_writer.Commits, _writer.Syncs, _writer.RecordsWritten, _writer.BytesWritten);

    /// <summary>Sequence of the last command the business logic finished.</summary>
    public long ProcessedSequence => _engine.LastSequence;

    /// <summary>
    /// Recovers from the data folder and starts the pipeline. With <see cref="EngineOptions.RebuildSinksFromJournal"/>,
    /// the read models (<see cref="ISnapshotSink"/>) are brought to the recovered state too: from the newest snapshot
    /// whose read-model file is sound plus the journal after it, or else by replaying the journal from its first command.
    /// </summary>
    public static ExchangeEngine Start(EngineOptions options, ILogger logger, params IEventSink[] sinks)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        RecoveryResult Timed(RecoveryResult recovery) => recovery with { Duration = System.Diagnostics.Stopwatch.GetElapsedTime(started) };
        if (!options.RebuildSinksFromJournal)
        {
            return new ExchangeEngine(options, logger, Timed(EngineRecovery.Recover(options, logger)), sinks);
        }

        var (loaded, resumeAt) = SinkState.Any(sinks) ? LoadSinksFromSnapshot(options, logger, sinks) : (null, null);
        var from = loaded?.Header.LastSequence;
        if (from is null && !JournalStartsAtOne(options.JournalDirectory))
        {
            return new ExchangeEngine(options, logger, Timed(EngineRecovery.Recover(options, logger)), sinks); // nothing to rebuild them from: they start empty
        }

        // Hand each replayed event to the sinks, marking the last event of every command as the end of a
        // batch, as the live publisher would, so read models settle each command.
        Core.Events.Event? previous = null;
        void Forward(Core.Events.Event e)
        {
            if (previous is { } p)
            {
                foreach (var sink in sinks)
                {
                    sink.OnEvent(p, endOfBatch: p.Sequence != e.Sequence);
                }
            }

            previous = e;
        }

        var recovery = EngineRecovery.Recover(options, logger, Forward, snapshotAtOrBefore: from ?? 0, resumeAt: resumeAt, alreadyLoaded: loaded);
        if (from is { } sinksAt && recovery.SnapshotSequence != sinksAt)
        {
            // The read models hold everything up to the snapshot they came with: a replay from any other point would apply events twice or miss some.
            throw new InvalidDataException($"The read models were loaded at sequence {sinksAt} but recovery started from the snapshot at {recovery.SnapshotSequence}.");
        }
        if (previous is { } last)
        {
            foreach (var sink in sinks)
            {
                sink.OnEvent(last, endOfBatch: true);
            }
        }

        return new ExchangeEngine(options, logger, Timed(recovery), sinks);
    }

    /// <summary>
    /// Loads the read models from the newest snapshot that has a sound read-model file covering them all, and
    /// returns that snapshot (the replay then starts after it) and where the journal ended there, if recorded;
    /// nulls when there is none.
    /// </summary>
    private static (Snapshot? Snapshot, Exchange.Journal.Format.JournalPosition? ResumeAt) LoadSinksFromSnapshot(EngineOptions options, ILogger logger, IEventSink[] sinks)
    {
        foreach (var path in new SnapshotStore(options.SnapshotDirectory, options.SnapshotsToKeep).List())
        {
            if (!SnapshotStore.TryLoad(path, out var snapshot, out _))
            {
                continue; // recovery reports it
            }

            var sinkPath = SinkStateFile.PathFor(path);
            if (!SinkStateFile.TryRead(sinkPath, snapshot.Header.LastSequence, out var sections, out var error) || !SinkState.Covers(sinks, sections))
            {
                EngineLog.SinksNotLoaded(logger, path, error ?? "a read model has no state in it");
                continue;
            }

            SinkState.Load(sinks, sections);
            EngineLog.SinksLoaded(logger, sinkPath, snapshot.Header.LastSequence);
            return (snapshot, SinkState.DecodePosition(sections));
        }

        return (null, null);
    }

    /// <summary>
    /// Retention: moves the live segments that no start-up can need (all their records at or before the oldest
    /// kept snapshot) and that the retention policy lets go to the journal's archive, compressed; nothing is
    /// deleted. On the snapshot writer thread (the wall clock it reads for the segments' age never reaches the business logic).
    /// </summary>
    private void ArchiveBeforeOldestSnapshot(SnapshotStore store)
    {
        var snapshots = store.List();
        if (snapshots.Count == 0)
        {
            return;
        }

        var oldest = SnapshotStore.SequenceOf(snapshots[^1]);
        try
        {
            foreach (var archived in Exchange.Journal.JournalArchiver.Archive(_options.JournalDirectory, oldest, _options.JournalRetention, DateTime.UtcNow))
            {
                EngineLog.SegmentArchived(_logger, archived.Segment, archived.ArchivePath, archived.Bytes, archived.CompressedBytes);
            }
        }
        catch (IOException ex)
        {
            EngineLog.ArchiveFailed(_logger, ex, oldest);
        }
    }

    private static bool JournalStartsAtOne(string journal)
    {
        var segments = Exchange.Journal.JournalDirectory.AllSegments(journal);
        return segments.Count == 0 || Exchange.Journal.JournalDirectory.FirstSequenceOf(segments[0]) == 1;
    }

    /// <summary>Set when the engine stamps each command's stages (<see cref="EngineOptions.StageTrace"/>): the gateway then times its reads.</summary>
    public bool TracesStages => _options.StageTrace is not null;

    /// <summary>
    /// Queues a command, waiting while the input ring is full (but never past shutdown or a fault);
    /// its sequence and timestamp are assigned by the journaller. Safe from any thread. For the
    /// engine's own producers (time ticks, seeding, cancel on disconnect); a gateway answering
    /// clients uses <see cref="TrySubmit"/> instead.
    /// </summary>
    /// <returns>False once shutdown has begun or the engine has failed (the command was not queued).</returns>
    /// <exception cref="ArgumentException">The command cannot be journaled (an instrument symbol too long for a record).</exception>
    public bool Submit(in Command command)
    {
        if (Volatile.Read(ref _accepting) == 0 || IsReplica)
        {
            return false;
        }

        CheckJournalable(command);
        if (!TryClaim(out var sequence))
        {
            return false;
        }

        Publish(sequence, command);
        return true;
    }

    /// <summary>Queues a command if there is room now; never waits. Safe from any thread.</summary>
    /// <exception cref="ArgumentException">The command cannot be journaled (an instrument symbol too long for a record).</exception>
    /// <param name="command">The command.</param>
    /// <param name="readTimestamp">When its bytes were read (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), for a <see cref="StageTrace"/>; 0 if unknown.</param>
    public SubmitResult TrySubmit(in Command command, long readTimestamp = 0)
    {
        if (Volatile.Read(ref _accepting) == 0 || IsReplica)
        {
            return SubmitResult.Stopped;
        }

        CheckJournalable(command);
        if (!_inputRing.TryNext(out var sequence))
        {
            return Volatile.Read(ref _accepting) == 0 ? SubmitResult.Stopped : SubmitResult.BackPressured;
        }

        Publish(sequence, command, readTimestamp);
        return SubmitResult.Accepted;
    }

    private static void CheckJournalable(in Command command)
    {
        if (command.Instrument is not null && CommandCodec.MaxSize(command) > RecordHeader.MaxPayloadLength)
        {
            throw new ArgumentException("The command is too large to journal (instrument symbol too long).", nameof(command));
        }
    }

    private void Publish(long sequence, in Command command, long readTimestamp = 0)
    {
        ref var slot = ref _inputRing[sequence];
        slot.Command = command;
        if (_options.StageTrace is not null)
        {
            slot.ReadTicks = readTimestamp;
            slot.QueuedTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        slot.IsSnapshotRequest = false;
        slot.Query = null;
        slot.Replicated = false;
        _inputRing.Publish(sequence);
    }

    /// <summary>
    /// Runs a read-only query on the business logic thread between two commands (not journaled) and
    /// returns its answer: balances, open orders, books — always consistent with a command boundary.
    /// </summary>
    /// <remarks>The query must not change the state. It allocates (a closure, a task): for tools and sessions, not the hot path.</remarks>
    public Task<T> QueryAsync<T>(Func<MatchingEngine, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Volatile.Read(ref _accepting) == 0 || !TryClaim(out var sequence))
        {
            answer.SetException(new InvalidOperationException("The engine is not running."));
            return answer.Task;
        }

        ref var slot = ref _inputRing[sequence];
        slot.Command = default;
        slot.IsSnapshotRequest = false;
        slot.Replicated = false;
        slot.Query = engine =>
        {
            try
            {
                answer.SetResult(query(engine));
            }
            catch (Exception ex)
            {
                answer.SetException(ex);
            }
        };
        _inputRing.Publish(sequence);
        return answer.Task;
    }

    /// <summary>Asks for a snapshot between the commands queued before and after this call.</summary>
    public void RequestSnapshot() => RequestSnapshot(null);

    /// <summary>
    /// Asks for a snapshot as <see cref="RequestSnapshot()"/> does; the task gives the sequence it was taken
    /// at (the state is captured then; the file is written in the background). It never completes when the
    /// engine is stopping.
    /// </summary>
    public Task<long> RequestSnapshotAsync()
    {
        var taken = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        RequestSnapshot(taken);
        return taken.Task;
    }

    private void RequestSnapshot(TaskCompletionSource<long>? taken)
    {
        if (Volatile.Read(ref _accepting) == 0 || !TryClaim(out var sequence))
        {
            return;
        }

        ref var slot = ref _inputRing[sequence];
        slot.Command = default;
        slot.IsSnapshotRequest = true;
        slot.Replicated = false;
        slot.SnapshotTaken = taken;
        slot.Query = null;
        _inputRing.Publish(sequence);
    }

    /// <summary>
    /// Claims an input slot, waiting while the ring is full, but giving up as soon as the engine
    /// stops accepting (shutdown or fail-stop): a producer never spins forever behind a halted
    /// pipeline.
    /// </summary>
    private bool TryClaim(out long sequence)
    {
        var spin = default(SpinWait);
        while (!_inputRing.TryNext(out sequence))
        {
            if (Volatile.Read(ref _accepting) == 0)
            {
                return false;
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        return true;
    }

    /// <summary>
    /// Stops accepting, drains both rings, flushes the journal and (by default) writes a final
    /// snapshot. Never throws: a failure on the way (the final flush on a full disk) becomes the
    /// engine's <see cref="Fault"/>, and no snapshot is written after one.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _accepting, 0);
        _stopping.Set();
        _snapshotTimer?.Join();
        _timeTicker?.Join();
        if (!_input.Shutdown(TimeSpan.FromSeconds(30)))
        {
            EngineLog.DrainTimeout(_logger, "input", 30);
        }

        if (_output is not null && !_output.Shutdown(TimeSpan.FromSeconds(30)))
        {
            EngineLog.DrainTimeout(_logger, "output", 30);
        }

        _syncer?.Dispose();
        _writer.Dispose();
        if (_writer.Failure is { } failure)
        {
            Fail(failure);
        }

        _stopping.Dispose();
        if (_options.SnapshotOnShutdown && Fault is null && _engine.LastSequence > 0 && _writer.Chain.Sequence == _engine.LastSequence)
        {
            try
            {
                var sinks = _saveSinks ? SinkState.Save(_sinks, (ex, sink) => EngineLog.SubscriberFailed(_logger, ex, sink.GetType().Name, _engine.LastSequence)) : null;
                _snapshots.WriteNowAndDispose(_engine, _writer.Chain, _writer.Position, sinks);
            }
            catch (IOException ex)
            {
                EngineLog.SnapshotFailed(_logger, ex, _engine.LastSequence);
            }
        }
        else
        {
            _snapshots.Dispose();
        }

        EngineLog.Stopped(_logger, _engine.LastSequence, _engine.StateHash().ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The matching state, for queries once the engine has stopped (tools, tests, the demo).</summary>
    /// <exception cref="InvalidOperationException">The engine is still running: its state belongs to the business logic thread.</exception>
    public MatchingEngine StoppedState => Volatile.Read(ref _disposed) != 0
        ? _engine
        : throw new InvalidOperationException("The state can be read only after the engine has stopped.");

}
